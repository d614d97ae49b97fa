import type Anthropic from "@anthropic-ai/sdk";
import type { GraderType } from "./grader-schema.js";

/** What a grader sees of one answer. */
export interface GradeInput {
  id: string;
  taskType: string;
  /** The answer's text (text blocks joined; a tool call's input as JSON when there is no text). */
  answer: string;
  reference?: unknown;
  /** The request as the candidate model received it. */
  request: Anthropic.MessageCreateParamsNonStreaming;
  message?: Anthropic.Message;
}

/** A grade: a score in [0, 1] and pass/fail. */
export interface Grade {
  score: number;
  pass: boolean;
}

/** A grader that needs no model call. A throw marks the outcome `error`; it never stops the run. */
export interface LocalGrader {
  kind: "local";
  type: Exclude<GraderType, "judge">;
  grade(input: GradeInput): Grade | Promise<Grade>;
}

/**
 * Model-as-judge, in two halves so the runner can send judge calls one by one or as a
 * Message Batch: the request to the judge, then the grade read from its answer.
 */
export interface JudgeGrader {
  kind: "judge";
  type: "judge";
  /** The grader's own judge model, if it names one. */
  model: string | undefined;
  judgeRequest(input: GradeInput & { model: string }): Anthropic.MessageCreateParamsNonStreaming;
  readVerdict(message: Anthropic.Message): Grade;
}

export type Grader = LocalGrader | JudgeGrader;

/** The text a grader compares: text blocks joined, else the first tool call's input as JSON. */
export function answerText(message: Anthropic.Message): string {
  const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  if (text !== "") return text;
  const tool = message.content.find((block) => block.type === "tool_use");
  return tool && tool.type === "tool_use" ? JSON.stringify(tool.input) : "";
}

/** A reference as text: strings as they are, anything else as JSON. */
export function referenceText(reference: unknown, grader: string): string {
  if (reference === undefined) throw new Error(`the ${grader} grader needs a reference on the request line`);
  if (typeof reference === "string") return reference;
  if (typeof reference === "number" || typeof reference === "boolean") return String(reference);
  return JSON.stringify(reference);
}

/** 1 and pass, or 0 and fail. */
export function binaryGrade(pass: boolean): Grade {
  return { score: pass ? 1 : 0, pass };
}
