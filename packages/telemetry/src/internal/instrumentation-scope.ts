/** Instrumentation scope name of every rightsize span and metric. */
export const INSTRUMENTATION_SCOPE = "@rightsize/telemetry";
/** Instrumentation scope version of every rightsize span and metric. */
export const INSTRUMENTATION_VERSION = "0.1.0";
export { SEMCONV_SCHEMA_URL } from "@rightsize/contracts/semconv";
