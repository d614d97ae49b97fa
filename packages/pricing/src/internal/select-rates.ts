import { PricingError, PricingErrorCode } from "../pricing-error.js";
import type { CostBreakdown } from "../types.js";
import { type CompiledModel, type CompiledRates, periodAt, variantIndex } from "./compiled-model.js";
import { isoDayOfDayNumber } from "./dates.js";

/** The rate table a request is billed at, after band, speed and modifiers are settled. */
export interface RateSelection {
  rates: CompiledRates;
  units: readonly number[];
  band: CostBreakdown["band"];
  batch: boolean;
  usResidency: boolean;
  fast: boolean;
}

function unsupported(message: string): never {
  throw new PricingError({ code: PricingErrorCode.unsupportedModifier, message });
}

function noRates(model: CompiledModel, day: number, what: string): never {
  const info = model.info;
  const date = isoDayOfDayNumber(day);
  const retired =
    info.retiredAt !== null && date >= info.retiredAt ? `; it was retired on ${info.retiredAt}` : "";
  throw new PricingError({
    code: PricingErrorCode.noRatesForDate,
    message: `${info.id} has no ${what} on ${date}${retired}${describeRange(model)}`,
  });
}

function describeRange(model: CompiledModel): string {
  const first = model.standard[0]!;
  if (!Number.isFinite(first.fromDay)) return "";
  return `; its rates start on ${isoDayOfDayNumber(first.fromDay)}`;
}

/**
 * Picks band and rate table. Geo and speed options override what the usage reports; a usage that
 * reports `inference_geo: "us"` on a model without US residency pricing is billed at global rates.
 */
export function selectRates(options: {
  model: CompiledModel;
  day: number;
  promptTokens: number;
  batch: boolean;
  usageUsGeo: boolean;
  usageFast: boolean;
  geo: "us" | "global" | undefined;
  speed: "standard" | "fast" | undefined;
}): RateSelection {
  const { model, day } = options;
  const geo = options.geo;
  if (geo !== undefined && geo !== "us" && geo !== "global") {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `geo: expected "us" or "global", got ${JSON.stringify(geo)}`,
    });
  }
  const speed = options.speed;
  if (speed !== undefined && speed !== "standard" && speed !== "fast") {
    throw new PricingError({
      code: PricingErrorCode.invalidOption,
      message: `speed: expected "standard" or "fast", got ${JSON.stringify(speed)}`,
    });
  }
  if (geo === "us" && !model.usResidency) {
    unsupported(`${model.info.id} has no US data-residency pricing (inference_geo is Claude 4.6 and later)`);
  }
  const usResidency = (geo === undefined ? options.usageUsGeo : geo === "us") && model.usResidency;
  const fast = speed === undefined ? options.usageFast : speed === "fast";
  let rates: CompiledRates | undefined;
  let band: CostBreakdown["band"] = "standard";
  if (fast) {
    if (model.fast.length === 0) unsupported(`${model.info.id} has no fast mode`);
    if (options.batch) unsupported("fast mode is not available on the Batch API");
    rates = periodAt(model.fast, day) ?? noRates(model, day, "fast-mode rates");
  }
  for (const rule of model.bands) {
    if (options.promptTokens > rule.threshold && day >= rule.rates.fromDay && day <= rule.rates.untilDay) {
      if (fast) unsupported(`${model.info.id}: no published fast-mode rate for the ${rule.kind} band`);
      rates = rule.rates;
      band = rule.kind;
      break;
    }
  }
  rates ??= periodAt(model.standard, day) ?? noRates(model, day, "rates");
  // Bands and fast periods are bounded by the model's own life too.
  if (band !== "standard" || fast) periodAt(model.standard, day) ?? noRates(model, day, "rates");
  const units = rates.units[variantIndex(options.batch, usResidency)]!;
  return { rates, units, band, batch: options.batch, usResidency, fast };
}
