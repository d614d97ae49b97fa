import type { ModelLifecycle, ModelSpec } from "./model-spec.js";
import { MODEL_TABLE } from "./model-table.js";

/** What the API would do with a model name at a given instant. */
export type ModelLookup =
  | { kind: "available"; model: ModelSpec }
  | { kind: "retired"; model: ModelSpec }
  | { kind: "unknown" };

/** Resolves ids and aliases against a model table; retirement follows the emulator clock. */
export class ModelRegistry {
  readonly models: readonly ModelSpec[];
  private readonly byName = new Map<string, ModelSpec>();

  constructor(models: readonly ModelSpec[] = MODEL_TABLE) {
    this.models = models;
    for (const model of models) {
      this.byName.set(model.id, model);
      for (const alias of model.aliases) this.byName.set(alias, model);
    }
  }

  lookup(name: string, nowMs: number): ModelLookup {
    const model = this.byName.get(name);
    if (!model) return { kind: "unknown" };
    return this.lifecycleAt(model, nowMs) === "retired"
      ? { kind: "retired", model }
      : { kind: "available", model };
  }

  /** A deprecated model whose retirement date has passed on the emulator clock is retired. */
  lifecycleAt(model: ModelSpec, nowMs: number): ModelLifecycle {
    if (model.lifecycle === "retired") return "retired";
    if (model.retiresAt !== null && nowMs >= Date.parse(model.retiresAt)) return "retired";
    return model.lifecycle;
  }
}
