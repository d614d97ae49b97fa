import type { MeterProvider } from "@opentelemetry/api";
import type { RightsizeMetrics } from "./rightsize-metrics.js";

/**
 * The store `startTelemetry` wired into the readers of each MeterProvider it created, so that
 * `createRightsizeTelemetry()` given that provider (or none: the global provider the SDK
 * registers is the same object) records into the store, not into SDK instruments.
 * Weak: a provider that is dropped takes its entry with it.
 */
const storesByProvider = new WeakMap<MeterProvider, RightsizeMetrics>();

export function registerMetricsStore(provider: MeterProvider, store: RightsizeMetrics): void {
  storesByProvider.set(provider, store);
}

export function unregisterMetricsStore(provider: MeterProvider): void {
  storesByProvider.delete(provider);
}

/** The store wired into `provider`'s readers, if `startTelemetry` made it. */
export function metricsStoreOf(provider: MeterProvider): RightsizeMetrics | undefined {
  return storesByProvider.get(provider);
}
