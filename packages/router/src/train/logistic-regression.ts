import { seededRandom } from "@rightsize/contracts";

/** One example as a sparse vector: feature indices and their values (same length). */
export interface SparseRow {
  indices: Int32Array;
  values: Float32Array;
}

/** A fitted logistic model: P(y = 1 | x) = sigmoid(bias + w·x). */
export interface LogisticModel {
  bias: number;
  weights: Float64Array;
}

export interface FitLogisticOptions {
  rows: readonly SparseRow[];
  /** 1 or 0 per row. */
  labels: ArrayLike<number>;
  dimension: number;
  /** L2 penalty per example (the strength of regularization; 1e-4 is light, 1e-2 strong). */
  l2: number;
  seed: number;
  /** Passes over the data (default 20). */
  epochs?: number;
  /** AdaGrad's base step (default 0.5). */
  learningRate?: number;
}

/**
 * Fits an L2-regularized logistic regression by AdaGrad stochastic gradient descent over a
 * seeded order of the examples: deterministic for a seed (same inputs, same bits out), about
 * `epochs × nonzeros` multiply-adds, and sparse-friendly (a step touches only the example's
 * features; the L2 shrink is applied to them as they are touched, the usual lazy form).
 */
export function fitLogistic(options: FitLogisticOptions): LogisticModel {
  const { rows, labels, dimension, l2, seed } = options;
  const epochs = options.epochs ?? 20;
  const rate = options.learningRate ?? 0.5;
  const weights = new Float64Array(dimension);
  const squares = new Float64Array(dimension);
  let bias = 0;
  let biasSquares = 0;
  const order = Int32Array.from(rows.keys());
  const random = seededRandom(seed);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const rowIndex of order) {
      const row = rows[rowIndex]!;
      const error = predictRow(row, weights, bias) - labels[rowIndex]!;
      biasSquares += error * error;
      bias -= (rate * error) / Math.sqrt(biasSquares + 1e-8);
      const { indices, values } = row;
      for (let k = 0; k < indices.length; k++) {
        const feature = indices[k]!;
        const gradient = error * values[k]! + l2 * weights[feature]!;
        squares[feature]! += gradient * gradient;
        weights[feature]! -= (rate * gradient) / Math.sqrt(squares[feature]! + 1e-8);
      }
    }
  }
  return { bias, weights };
}

/** P(y = 1) for one sparse row. */
export function predictRow(row: SparseRow, weights: Float64Array, bias: number): number {
  let logit = bias;
  const { indices, values } = row;
  for (let k = 0; k < indices.length; k++) logit += weights[indices[k]!]! * values[k]!;
  return sigmoid(logit);
}

export function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}

function shuffle(order: Int32Array, random: () => number): void {
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const held = order[index]!;
    order[index] = order[other]!;
    order[other] = held;
  }
}
