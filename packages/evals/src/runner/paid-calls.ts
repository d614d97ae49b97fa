import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type Anthropic from "@anthropic-ai/sdk";
import { AppendLog } from "../outcomes/append-log.js";
import { EMULATOR_EVAL_FIELD } from "./emulator-hints.js";

/** A call the eval paid for: the candidate's answer or a judge's verdict, kept as it came back. */
export interface PaidCall {
  id: string;
  key: string;
  role: "answer" | "judge";
  /** sha256 of the params sent (without the emulator hint): a stored answer is reused only for the same params. */
  paramsHash: string;
  message: Anthropic.Message;
  /** List cost in pico-dollars (decimal string), or null when the price book cannot price the model. */
  costPico: string | null;
  latencyMs?: number;
  batchId?: string;
}

/**
 * `answers.jsonl`: every answer and judge verdict the eval paid for, appended the moment it
 * arrives. A resumed run grades stored answers instead of paying for them again, and the eval's
 * cost is the sum of every paid call, including answers whose grading failed.
 */
export class PaidCalls {
  private readonly latest = new Map<string, PaidCall>();
  /** (slot, message id) stored: a batch collected twice (killed between storing and marking) is counted once. */
  private readonly messageIds = new Set<string>();
  private totalPico = 0n;
  private calls = 0;
  private judgeCalls = 0;
  private unpriced = 0;

  private readonly log: AppendLog;

  private constructor(log: AppendLog) {
    this.log = log;
  }

  static async open(path: string): Promise<{ store: PaidCalls; bad: number }> {
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    const store = new PaidCalls(await AppendLog.open(path));
    let bad = 0;
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        store.remember(JSON.parse(line) as PaidCall);
      } catch {
        bad++; // a partial last line of a killed run: that call's answer was never stored
      }
    }
    return { store, bad };
  }

  /** The stored call for (id, key, role) if it was made with the same params. */
  find(options: {
    id: string;
    key: string;
    role: PaidCall["role"];
    paramsHash: string;
  }): PaidCall | undefined {
    const found = this.latest.get(slot(options));
    return found?.paramsHash === options.paramsHash ? found : undefined;
  }

  async add(call: PaidCall): Promise<void> {
    if (this.remember(call)) await this.log.append(call);
  }

  /** What every stored call cost, exactly. */
  cost(): { pico: bigint; calls: number; judgeCalls: number; unpriced: number } {
    return { pico: this.totalPico, calls: this.calls, judgeCalls: this.judgeCalls, unpriced: this.unpriced };
  }

  close(): Promise<void> {
    return this.log.close();
  }

  /** Takes a call in; false when its message was stored before. */
  private remember(call: PaidCall): boolean {
    const identity = `${slot(call)}\u0000${call.message.id}`;
    if (this.messageIds.has(identity)) return false;
    this.messageIds.add(identity);
    this.latest.set(slot(call), call);
    if (call.role === "judge") this.judgeCalls++;
    else this.calls++;
    if (call.costPico === null) this.unpriced++;
    else this.totalPico += BigInt(call.costPico);
    return true;
  }
}

function slot(call: { id: string; key: string; role: string }): string {
  return `${call.role}\u0000${call.id}\u0000${call.key}`;
}

/** sha256 of the params as sent, without the emulator hint (which may change as the file grows). */
export function hashParams(params: object): string {
  const { [EMULATOR_EVAL_FIELD]: _hint, ...rest } = params as Record<string, unknown>;
  return createHash("sha256").update(stableJson(rest)).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : 1));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${stableJson(child)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
