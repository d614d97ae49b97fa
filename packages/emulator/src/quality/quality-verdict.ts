import type { ProfileSource } from "./task-profile.js";

/** The oracle's ground truth about one simulated answer. */
export interface QualityVerdict {
  messageId: string;
  /** The resolved model id (aliases resolved). */
  model: string;
  taskType: string;
  taskTypeSource: ProfileSource;
  difficulty: number;
  difficultySource: ProfileSource;
  /** The model's capability for the task type (the `general` column for unknown types). */
  capability: number;
  /** Reproducible noise from (seed, model, prompt). */
  noise: number;
  /** capability − difficulty + noise: the answer is capable when this is above 0. */
  margin: number;
  /** The model could answer correctly (before max_tokens truncation and refusal). */
  capable: boolean;
  /** The answer as delivered is correct: capable, not cut by max_tokens, not a refusal. */
  correct: boolean;
  refusal: boolean;
  truncated: boolean;
  structured: boolean;
  /** For structured answers: whether the delivered text parses as JSON; null otherwise. */
  validJson: boolean | null;
  promptHash: string;
  seed: number;
  serviceTier: "standard" | "batch";
  /**
   * What the eval hint (`emulator_eval`) shaped: "reference" (a closed answer: the reference
   * when correct, a plausible wrong one otherwise), "judge" (a verdict on another answer,
   * `correct` meaning the judge was right), or null without a hint.
   */
  evalHint: "reference" | "judge" | null;
}
