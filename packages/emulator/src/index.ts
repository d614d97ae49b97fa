export type { ApiErrorType } from "./api/api-error.js";
export type { BatchResultLine, MessageBatchView } from "./batches/message-batch.js";
export {
  createManualClock,
  createSystemClock,
  DEFAULT_MANUAL_CLOCK_START_MS,
  type EmulatorClock,
} from "./clock.js";
export { EMULATOR_ERROR_CODES, EmulatorError, type EmulatorErrorCode } from "./emulator-error.js";
export {
  FAULT_KINDS,
  type FaultConfig,
  type FaultKind,
  faultConfigSchema,
  parseFaultConfig,
} from "./faults/fault-config.js";
export type { ModelLifecycle, ModelLine, ModelSpec, TokenizerGeneration } from "./models/model-spec.js";
export { MODEL_TABLE } from "./models/model-table.js";
export type { QualityVerdict } from "./quality/quality-verdict.js";
export type { ProfileSource } from "./quality/task-profile.js";
export { isTaskType, TASK_TYPES, type TaskType } from "./quality/task-type.js";
export { type Emulator, type EmulatorOptions, startEmulator } from "./start-emulator.js";
export type { EmulatorStats, ModelStats } from "./stats/emulator-stats.js";
export { countTextTokens } from "./tokenizer/tokenizer.js";
