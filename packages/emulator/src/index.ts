/**
 * @rightsize/emulator: an Anthropic-compatible API server on loopback for tests, demos and evals
 * (messages with SSE, count_tokens, models, batches, the Admin usage report), with faithful usage
 * and prompt-cache accounting, a reproducible quality oracle and fault injection.
 */

// --- its clock: simulated time for TTLs, batch windows and retirement ---
export type { EmulatorClock } from "./clock.js";
export { createManualClock, createSystemClock } from "./clock.js";
// --- errors ---
export { EmulatorError, EmulatorErrorCode } from "./emulator-error.js";
// --- fault injection ---
export type { FaultConfig, FaultKind } from "./faults/fault-config.js";
export { FAULT_KINDS, parseFaultConfig } from "./faults/fault-config.js";
// --- the quality oracle and the models it serves ---
export type { ModelSpec } from "./models/model-spec.js";
export { MODEL_TABLE } from "./models/model-table.js";
export type { QualityVerdict } from "./quality/quality-verdict.js";
export type { TaskType } from "./quality/task-type.js";
export { TASK_TYPES } from "./quality/task-type.js";
// --- start a server ---
export type { Emulator, EmulatorOptions } from "./start-emulator.js";
export { startEmulator } from "./start-emulator.js";
export type { EmulatorStats, ModelStats } from "./stats/emulator-stats.js";
