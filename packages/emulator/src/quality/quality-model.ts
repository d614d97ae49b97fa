import { normalFrom, unitFrom } from "../internal/hash.js";
import type { ModelSpec } from "../models/model-spec.js";
import type { TaskProfile } from "./task-profile.js";

/** How wide the prompt-level and model-level noise are (standard deviations). */
const PROMPT_NOISE = 0.1;
const MODEL_NOISE = 0.05;
/** Extended thinking of at least this many tokens adds THINKING_BONUS to capability. */
const THINKING_BONUS = 0.05;
const THINKING_BONUS_TOKENS = 1024;

/** The quality model's judgement before the answer is shaped (length, truncation). */
export interface QualityJudgement {
  capability: number;
  noise: number;
  margin: number;
  capable: boolean;
  refusal: boolean;
}

/**
 * Decides whether a model answers a prompt correctly: correct iff
 * capability − difficulty + noise > 0, where the noise is a shared per-prompt part plus a
 * smaller per-model part. The shared part makes outcomes mostly monotone in capability (a
 * stronger model usually succeeds where a weaker one does), as in real evals.
 */
export function judge(options: {
  seed: number;
  model: ModelSpec;
  profile: TaskProfile;
  promptHash: string;
  thinkingTokens: number;
}): QualityJudgement {
  const { seed, model, profile, promptHash } = options;
  const bonus = options.thinkingTokens >= THINKING_BONUS_TOKENS ? THINKING_BONUS : 0;
  const capability = Math.min(1, model.capability[profile.scoredAs] + bonus);
  const noise =
    PROMPT_NOISE * normalFrom(seed, promptHash, "prompt") +
    MODEL_NOISE * normalFrom(seed, promptHash, model.id);
  const margin = capability - profile.difficulty + noise;
  return {
    capability,
    noise: round(noise),
    margin: round(margin),
    capable: margin > 0,
    refusal: profile.forceRefusal || refuses({ seed, model, profile, promptHash }),
  };
}

// Refusals are rare: only open-ended tasks at the very top of the difficulty range, and then
// for about one prompt in five, decided by (seed, model, prompt).
function refuses(options: {
  seed: number;
  model: ModelSpec;
  profile: TaskProfile;
  promptHash: string;
}): boolean {
  const { profile } = options;
  if (profile.difficulty < 0.95) return false;
  if (profile.scoredAs !== "writing" && profile.scoredAs !== "general" && profile.scoredAs !== "qa")
    return false;
  return unitFrom(options.seed, options.model.id, options.promptHash, "refusal") < 0.2;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
