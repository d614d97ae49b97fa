import type { AnthropicUsage } from "@rightsize/contracts";
import { actualRequestCost } from "../../budget/request-cost.js";
import type { Step } from "../compose-steps.js";
import type { AttemptState, RoutedCall } from "../routed-call.js";

/** What an attempt cost, from its usage; the hold itself when it cannot be priced (over- rather than under-counting). */
function spendOf(
  call: RoutedCall,
  attempt: AttemptState,
  spent: { usage: AnthropicUsage | undefined; model: string },
): number {
  const { usage, model } = spent;
  const held = attempt.reservation?.amount ?? 0;
  if (!usage) return held;
  try {
    return actualRequestCost({ ...call.runtime.pricing, model, usage });
  } catch {
    return held;
  }
}

/** Settles the attempt's hold to `actual`, or releases it (`actual` undefined: nothing was billed). */
async function settle(call: RoutedCall, attempt: AttemptState, actual: number | undefined): Promise<void> {
  const { runtime, metadata } = call;
  const reservation = attempt.reservation;
  attempt.reservation = undefined;
  if (actual === undefined) {
    if (reservation) await runtime.settlements.release({ reservation });
    return;
  }
  if ("spent" in metadata.budget) metadata.budget.spent += actual;
  if (!reservation) return;
  const state = await runtime.settlements.settle({ reservation, actual });
  if (state === "pending" && "spent" in metadata.budget)
    metadata.budget.unsettled = (metadata.budget.unsettled ?? 0) + actual;
}

async function settleNow(call: RoutedCall, attempt: AttemptState): Promise<void> {
  const outcome = attempt.outcome;
  const model = attempt.step.model;
  switch (outcome?.kind) {
    case "message": {
      const message = outcome.message as { model?: string; usage?: AnthropicUsage };
      return await settle(
        call,
        attempt,
        spendOf(call, attempt, { usage: message.usage, model: message.model || model }),
      );
    }
    case "error":
      // An error status is not billed, unless the error came inside a stream that had begun.
      return await settle(
        call,
        attempt,
        outcome.partialUsage
          ? spendOf(call, attempt, { usage: outcome.partialUsage, model: model })
          : undefined,
      );
    case "failed": {
      // A cut or malformed answer was billed: what it reported, else its worst case. A connection
      // error or the caller's abort before an answer began: nothing is known to be billed.
      const billed =
        outcome.partialUsage !== undefined ||
        (outcome.error as { code?: string })?.code === "malformed_response";
      return await settle(
        call,
        attempt,
        billed ? spendOf(call, attempt, { usage: outcome.partialUsage, model: model }) : undefined,
      );
    }
    default:
      return await settle(call, attempt, undefined);
  }
}

/**
 * Settle: after the attempt has been judged, its hold becomes what it actually cost (from
 * `usage`, at contracted rates), or is released when nothing was billed. A stream read live is
 * settled when it ends, with what it reported so far if it broke off. A store that is down does
 * not hold the answer back: the settlement waits in the runtime's queue (see SettlementQueue).
 */
export const settleAttempt: Step<RoutedCall> = async (call, next) => {
  const attempt = call.attempt!;
  try {
    await next();
  } catch (error) {
    await settle(call, attempt, undefined);
    throw error;
  }
  if (attempt.deferred) {
    attempt.deferred = attempt.deferred.then(async (end) => {
      const usage = end.message?.usage ?? end.usage;
      await settle(
        call,
        attempt,
        spendOf(call, attempt, { usage: usage, model: end.message?.model || attempt.step.model }),
      ).catch(() => {});
      return end;
    });
  } else await settleNow(call, attempt);
};
