import { seededRandom } from "@rightsize/contracts";
import {
  ROUTER_DENSE_FEATURES,
  ROUTER_FORMAT,
  ROUTER_FORMAT_VERSION,
  type RouterFile,
} from "@rightsize/policy";
import { rocAuc } from "../metrics/roc-auc.js";
import { apgr, routingCurve } from "../metrics/routing-curve.js";
import { RouterError, RouterErrorCode } from "../router-error.js";
import { fitLogistic, predictRow } from "./logistic-regression.js";
import { featureDimension, featureRows, type RouterExample } from "./router-examples.js";

export interface TrainRouterOptions {
  examples: readonly RouterExample[];
  /** Tier (outcome key) names, cheapest first; must include weak and strong. */
  tiers: readonly string[];
  weak: string;
  strong: string;
  seed: number;
  /** Hashed buckets, a power of two (default 16,384). */
  buckets?: number;
  /** Cross-validation folds (default 5). */
  folds?: number;
  /** L2 strengths tried (default 1e-5, 1e-4, 1e-3). */
  l2Grid?: readonly number[];
  /** SGD passes (default 8). */
  epochs?: number;
  /** Learn from the outcomes' task type (default true). */
  useTaskType?: boolean;
}

/** How the training went, as written into the file's `training` field. */
export interface TrainingReport {
  examples: number;
  seed: number;
  folds: number;
  l2: number;
  /** Per L2 tried: held-out ROC AUC of P(weak fails) against the weak tier's failures, and held-out APGR. */
  crossValidation: { l2: number; auc: number; apgr: number }[];
  passRates: Record<string, number>;
  useTaskType: boolean;
}

const MIN_EXAMPLES = 20;

/**
 * Trains a router: one L2 logistic regression per tier predicting that the tier passes, over
 * the prompt features `@rightsize/policy` computes (so the policy evaluates the file without this
 * package). The L2 strength is chosen by k-fold cross-validation (held-out APGR of the weak
 * tier's failure probability, ties to AUC); folds, SGD order and all else are seeded: the same
 * outcomes and seed give the same file, byte for byte.
 */
export function trainRouter(options: TrainRouterOptions): { file: RouterFile; report: TrainingReport } {
  const { examples, tiers, weak, strong, seed } = options;
  const buckets = options.buckets ?? 16_384;
  const folds = options.folds ?? 5;
  const grid = options.l2Grid ?? [1e-5, 1e-4, 1e-3];
  const epochs = options.epochs ?? 8;
  const useTaskType = options.useTaskType ?? true;
  checkInputs(options);
  const weakIndex = tiers.indexOf(weak);
  const strongIndex = tiers.indexOf(strong);
  const rows = featureRows({
    prompts: examples.map((example) => ({
      prompt: example.prompt,
      taskType: useTaskType ? example.taskType : undefined,
    })),
    buckets,
  });
  const dimension = featureDimension(buckets);
  const fold = foldsOf(examples.length, folds, seed);
  const labelsOf = (tier: number) => Uint8Array.from(examples, (example) => (example.passed[tier] ? 1 : 0));
  const weakLabels = labelsOf(weakIndex);
  const crossValidation = grid.map((l2) => {
    const held = new Float64Array(examples.length);
    for (let part = 0; part < folds; part++) {
      const train = [...fold.keys()].filter((index) => fold[index] !== part);
      const model = fitLogistic({
        rows: train.map((index) => rows[index]!),
        labels: train.map((index) => weakLabels[index]!),
        dimension,
        l2,
        seed,
        epochs,
      });
      for (let index = 0; index < rows.length; index++)
        if (fold[index] === part) held[index] = 1 - predictRow(rows[index]!, model.weights, model.bias);
    }
    const failed = Uint8Array.from(weakLabels, (label) => 1 - label);
    const curve = routingCurve(
      examples.map((example, index) => ({
        score: held[index]!,
        weak: example.scores[weakIndex]!,
        strong: example.scores[strongIndex]!,
      })),
    );
    return { l2, auc: round(rocAuc({ scores: held, labels: failed })), apgr: round(apgr(curve)) };
  });
  const best = crossValidation.reduce((left, right) =>
    right.apgr > left.apgr || (right.apgr === left.apgr && right.auc > left.auc) ? right : left,
  );
  const models = tiers.map((name, tier) => {
    const model = fitLogistic({ rows, labels: labelsOf(tier), dimension, l2: best.l2, seed, epochs });
    return { name, bias: round(model.bias), ...sparseWeights(model.weights) };
  });
  const report: TrainingReport = {
    examples: examples.length,
    seed,
    folds,
    l2: best.l2,
    crossValidation,
    passRates: Object.fromEntries(
      tiers.map((name, tier) => [
        name,
        round(examples.filter((example) => example.passed[tier]).length / examples.length),
      ]),
    ),
    useTaskType,
  };
  const file: RouterFile = {
    format: ROUTER_FORMAT,
    version: ROUTER_FORMAT_VERSION,
    buckets,
    denseFeatures: [...ROUTER_DENSE_FEATURES],
    weak,
    strong,
    tiers: models,
    training: { ...report },
  };
  return { file, report };
}

/** The file's text: stable key order, one tier per line block; the same file gives the same bytes. */
export function serializeRouterFile(file: RouterFile): string {
  return `${JSON.stringify(file)}\n`;
}

function checkInputs(options: TrainRouterOptions): void {
  const { examples, tiers, weak, strong } = options;
  const fail = (message: string) => {
    throw new RouterError({ code: RouterErrorCode.insufficientOutcomes, message });
  };
  if (!tiers.includes(weak) || !tiers.includes(strong) || weak === strong)
    throw new RouterError({
      code: RouterErrorCode.invalidOption,
      message: `weak ("${weak}") and strong ("${strong}") must be two different tiers of ${tiers.join(", ")}`,
    });
  if (examples.length < MIN_EXAMPLES)
    fail(
      `${examples.length} usable outcomes (with a prompt and every tier graded): at least ${MIN_EXAMPLES} are needed`,
    );
  const weakIndex = tiers.indexOf(weak);
  const failures = examples.filter((example) => !example.passed[weakIndex]).length;
  if (failures === 0 || failures === examples.length)
    fail(
      `the weak tier "${weak}" ${failures === 0 ? "passes" : "fails"} every outcome: nothing to learn which prompts need "${strong}"`,
    );
}

/** Seeded fold of each example: a shuffled round-robin, so folds differ in size by at most one. */
function foldsOf(count: number, folds: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, index) => index);
  const random = seededRandom(seed ^ 0x5bd1e995);
  for (let index = count - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  const fold = new Int32Array(count);
  order.forEach((example, position) => {
    fold[example] = position % folds;
  });
  return fold;
}

/** Non-zero weights (rounded to 6 significant digits) as ascending indices and values. */
function sparseWeights(weights: Float64Array): { indices: number[]; weights: number[] } {
  const indices: number[] = [];
  const values: number[] = [];
  for (let index = 0; index < weights.length; index++) {
    const value = Number(weights[index]!.toPrecision(6));
    if (value !== 0) {
      indices.push(index);
      values.push(value);
    }
  }
  return { indices, weights: values };
}

function round(value: number): number {
  return Number(value.toPrecision(6));
}
