import { composeAnswer } from "../answers/compose-answer.js";
import { type ApiErrorSpec, apiError } from "../api/api-error.js";
import type { MessagesRequest } from "../api/messages-request.js";
import { collectBreakpoints } from "../caching/cache-breakpoints.js";
import type { CachePlan, PromptCache } from "../caching/prompt-cache.js";
import type { EmulatorClock } from "../clock.js";
import type { ModelRegistry } from "../models/model-registry.js";
import type { ModelSpec } from "../models/model-spec.js";
import { judge } from "../quality/quality-model.js";
import type { QualityVerdict } from "../quality/quality-verdict.js";
import { resolveTaskProfile, type TaskProfile } from "../quality/task-profile.js";
import { layoutPrompt } from "../tokenizer/prompt-layout.js";
import { type ResponseTiming, simulateTiming } from "./latency.js";
import type { SimulatedMessage } from "./simulated-message.js";
import { buildUsage } from "./usage.js";

/** Per-request inputs that do not travel in the body. */
export interface SimulationContext {
  headerTaskType?: string | undefined;
  headerDifficulty?: string | undefined;
  /** Cache scope: caches are per workspace. */
  workspace: string;
  serviceTier: "standard" | "batch";
}

/** A simulated answer, not yet delivered: commit its cache plan when the response begins. */
export interface Simulation {
  message: SimulatedMessage;
  verdict: QualityVerdict;
  profile: TaskProfile;
  model: ModelSpec;
  cachePlan: CachePlan;
  timing: ResponseTiming;
}

export type SimulationResult = { ok: true; value: Simulation } | { ok: false; error: ApiErrorSpec };

// Claude 4.6 and later accept inference_geo; fast mode exists on these Opus models only.
const GEO_SINCE = Date.parse("2026-01-27T00:00:00Z");
const FAST_MODE_MODELS = new Set(["claude-opus-5-5", "claude-opus-5", "claude-opus-4-8", "claude-opus-4-6"]);

/** What the simulator reads and writes: the run's seed, models, prompt cache, clock and id source. */
export interface SimulatorDependencies {
  seed: number;
  registry: ModelRegistry;
  cache: PromptCache;
  clock: EmulatorClock;
  newId: (prefix: string) => string;
}

/** Turns a validated Messages request into a simulated answer with exact usage and a verdict. */
export class MessageSimulator {
  private readonly dependencies: SimulatorDependencies;

  constructor(dependencies: SimulatorDependencies) {
    this.dependencies = dependencies;
  }

  simulate(request: MessagesRequest, context: SimulationContext): SimulationResult {
    const { seed, registry, cache, clock, newId } = this.dependencies;
    const found = registry.lookup(request.model, clock.now());
    if (found.kind !== "available")
      return { ok: false, error: apiError("not_found_error", `model: ${request.model}`) };
    const model = found.model;
    const modelError = checkModelLimits(request, model);
    if (modelError) return { ok: false, error: modelError };

    const layout = layoutPrompt(request, model.tokenizer);
    const breakpoints = collectBreakpoints(layout, request.cache_control);
    if (!breakpoints.ok) return breakpoints;
    if (layout.totalTokens > model.contextWindow) {
      const message = `prompt is too long: ${layout.totalTokens} tokens > ${model.contextWindow} maximum`;
      return { ok: false, error: apiError("invalid_request_error", message) };
    }

    const profile = resolveTaskProfile({
      layout,
      headerTaskType: context.headerTaskType,
      headerDifficulty: context.headerDifficulty,
      formatRequested: Boolean(request.output_config?.format),
    });
    const thinkingTokens = plannedThinking(request, profile.difficulty);
    const judgement = judge({ seed, model, profile, promptHash: layout.promptHash, thinkingTokens });
    const answer = composeAnswer({
      request,
      model,
      profile,
      judgement,
      layout,
      thinkingTokens,
      seed,
      newToolUseId: () => newId("toolu_01"),
    });
    const cachePlan = cache.plan({
      scope: `${context.workspace}|${model.id}`,
      layout,
      breakpoints: breakpoints.value,
      minimumTokens: model.minCacheableTokens,
      nowMs: clock.now(),
    });
    const usage = buildUsage({
      promptTokens: layout.totalTokens,
      cache: cachePlan.usage,
      outputTokens: answer.outputTokens,
      thinkingTokens: answer.thinkingTokens,
      serviceTier: context.serviceTier,
      inferenceGeo:
        Date.parse(model.createdAt) >= GEO_SINCE ? (request.inference_geo ?? "global") : "not_available",
      speed: request.speed ?? "standard",
    });
    const id = newId("msg_01");
    const message: SimulatedMessage = {
      id,
      type: "message",
      role: "assistant",
      model: model.id,
      content: answer.content,
      stop_reason: answer.stopReason,
      stop_sequence: answer.stopSequence,
      stop_details: answer.stopDetails,
      container: null,
      diagnostics: null,
      usage,
    };
    const verdict: QualityVerdict = {
      messageId: id,
      model: model.id,
      taskType: profile.taskType,
      taskTypeSource: profile.taskTypeSource,
      difficulty: profile.difficulty,
      difficultySource: profile.difficultySource,
      capability: judgement.capability,
      noise: judgement.noise,
      margin: judgement.margin,
      capable: judgement.capable,
      correct: judgement.capable && !judgement.refusal && !answer.truncated,
      refusal: judgement.refusal,
      truncated: answer.truncated,
      structured: profile.structured && !judgement.refusal,
      validJson: profile.structured && !judgement.refusal ? answer.validJson : null,
      promptHash: layout.promptHash,
      seed,
      serviceTier: context.serviceTier,
    };
    return {
      ok: true,
      value: { message, verdict, profile, model, cachePlan, timing: simulateTiming(model, usage) },
    };
  }
}

function checkModelLimits(request: MessagesRequest, model: ModelSpec): ApiErrorSpec | null {
  if (request.max_tokens > model.maxOutputTokens) {
    return apiError(
      "invalid_request_error",
      `max_tokens: ${request.max_tokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${model.id}`,
    );
  }
  if (request.inference_geo != null && Date.parse(model.createdAt) < GEO_SINCE)
    return apiError("invalid_request_error", `inference_geo: not supported for model ${model.id}`);
  if (request.speed === "fast" && !FAST_MODE_MODELS.has(model.id))
    return apiError("invalid_request_error", `speed: 'fast' is not supported for model ${model.id}`);
  return null;
}

/** Extended thinking spends more of its budget on harder prompts; adaptive thinking scales with difficulty. */
function plannedThinking(request: MessagesRequest, difficulty: number): number {
  const thinking = request.thinking;
  if (!thinking) return 0;
  if (thinking.type === "enabled") return Math.round(thinking.budget_tokens * (0.25 + 0.5 * difficulty));
  if (thinking.type === "adaptive") return Math.round(200 + 3000 * difficulty * difficulty);
  return 0;
}
