import type { PolicyCase } from "../policy-cases.js";
import type { PolicyFormat } from "../policy-document.js";
import type { PolicyErrorCode, PolicyIssue } from "../policy-error.js";
import type { Policy } from "../policy-schema.js";

/** What the worker is given (structured-cloned): the source and how to read and try it. */
export interface PolicyVersionTask {
  /** Matches the answer to its request. */
  id: number;
  source: string | Uint8Array;
  format: PolicyFormat;
  origin?: string;
  cases?: readonly PolicyCase[];
  nowMs: number;
}

/** What it answers: the validated policy (plain data) or the refusal. */
export type PolicyVersionMessage =
  | { id: number; ok: true; policy: Policy; warnings: PolicyIssue[] }
  | { id: number; ok: false; code: PolicyErrorCode; issues: PolicyIssue[]; message: string };
