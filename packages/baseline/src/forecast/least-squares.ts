/**
 * Ordinary least squares for small designs (a handful of columns): the normal equations solved
 * by Gauss-Jordan elimination with partial pivoting. Returns the coefficients and (XᵀX)⁻¹.
 */
export function leastSquares(options: { rows: readonly number[][]; targets: readonly number[] }): {
  coefficients: number[];
  inverse: number[][];
} {
  const width = options.rows[0]?.length ?? 0;
  const normal = Array.from({ length: width }, () => new Array<number>(width * 2 + 1).fill(0));
  options.rows.forEach((row, index) => {
    const target = options.targets[index] ?? 0;
    for (let i = 0; i < width; i++) {
      const normalRow = normal[i]!;
      for (let j = 0; j < width; j++) normalRow[j]! += row[i]! * row[j]!;
      normalRow[width * 2]! += row[i]! * target;
    }
  });
  for (let i = 0; i < width; i++) normal[i]![width + i] = 1;
  for (let column = 0; column < width; column++) {
    let pivot = column;
    for (let row = column + 1; row < width; row++) {
      if (Math.abs(normal[row]![column]!) > Math.abs(normal[pivot]![column]!)) pivot = row;
    }
    [normal[column], normal[pivot]] = [normal[pivot]!, normal[column]!];
    const pivotRow = normal[column]!;
    const divisor = pivotRow[column]!;
    if (Math.abs(divisor) < 1e-12) throw new Error("leastSquares: singular design (collinear columns)");
    for (let j = 0; j < pivotRow.length; j++) pivotRow[j]! /= divisor;
    for (let row = 0; row < width; row++) {
      if (row === column) continue;
      const factor = normal[row]![column]!;
      if (factor === 0) continue;
      for (let j = 0; j < pivotRow.length; j++) normal[row]![j]! -= factor * pivotRow[j]!;
    }
  }
  return {
    coefficients: normal.map((row) => row[width * 2]!),
    inverse: normal.map((row) => row.slice(width, width * 2)),
  };
}

/** Lower-triangular Cholesky factor of a symmetric positive semi-definite matrix (zeros where degenerate). */
export function cholesky(matrix: readonly number[][]): number[][] {
  const size = matrix.length;
  const lower = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i]![j]!;
      for (let k = 0; k < j; k++) sum -= lower[i]![k]! * lower[j]![k]!;
      if (i === j) lower[i]![i] = sum > 0 ? Math.sqrt(sum) : 0;
      else lower[i]![j] = lower[j]![j]! > 0 ? sum / lower[j]![j]! : 0;
    }
  }
  return lower;
}

/** A standard normal draw (Box-Muller) from a uniform source. */
export function normalDraw(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
