import { ATTR_RS_COST_UNPRICED_REASON } from "@rightsize/contracts/semconv";
import { pricingErrorCode } from "../internal/pricing-port.js";
import type { TelemetryCore } from "../internal/telemetry-core.js";
import type { AttributeSink } from "./attribute-sink.js";
import { putCostAttributes } from "./cost-attributes.js";
import { attributeSavings, type PricedAttempt, type Savings } from "./counterfactual.js";
import type { NormalizedUsage } from "./usage.js";

/**
 * Prices one attempt's usage on `model` at `atMs` and writes its cost attributes into `sink`
 * (when there is one yet); a call that cannot be priced (unknown model, a date before its
 * release...) is labelled with `rightsize.cost.unpriced_reason`, not failed. Never throws: an
 * unexpected fault is counted and gives undefined.
 */
export function priceAttempt(
  core: TelemetryCore,
  sink: AttributeSink | undefined,
  call: { model: string; usage: NormalizedUsage; atMs: number },
): PricedAttempt | undefined {
  const { model, usage, atMs } = call;
  try {
    const pricing = core.pricing;
    const price = pricing.price(call, pricing.result);
    if (sink !== undefined) putCostAttributes(sink, price, core.costLines);
    return { model, usage, atMs, list: price.list };
  } catch (error) {
    const code = pricingErrorCode(error);
    if (code === undefined) core.health.fault("cost", error);
    else sink?.put(ATTR_RS_COST_UNPRICED_REASON, code);
    return undefined;
  }
}

/**
 * The counterfactual of a call that is a whole request (a plain client's): the baseline is the
 * configured model, else the call's own. Never throws.
 */
export function standaloneSavings(core: TelemetryCore, priced: PricedAttempt): Savings | undefined {
  try {
    return attributeSavings({
      pricing: core.pricing,
      attempts: [priced],
      answer: priced,
      baselineModel: core.baselineModel ?? priced.model,
    });
  } catch (error) {
    core.health.fault("savings", error);
    return undefined;
  }
}
