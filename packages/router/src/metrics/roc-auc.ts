/**
 * The area under the ROC curve: the probability that a random positive scores above a random
 * negative (ties count one half), by ranking: O(n log n).
 */
export function rocAuc(options: { scores: ArrayLike<number>; labels: ArrayLike<number> }): number {
  const { scores, labels } = options;
  const order = Array.from({ length: scores.length }, (_, index) => index).sort(
    (left, right) => scores[left]! - scores[right]!,
  );
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    // Tied scores share the mean of their ranks (1-based).
    const rank = (start + end + 2) / 2;
    for (let index = start; index <= end; index++) {
      if (labels[order[index]!] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
