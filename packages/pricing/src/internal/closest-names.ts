/** Levenshtein distance with a rolling row (names are short; this runs only on the error path). */
function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = previous[column - 1]! + (left[row - 1] === right[column - 1] ? 0 : 1);
      current[column] = Math.min(previous[column]! + 1, current[column - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[right.length]!;
}

/** The `limit` candidates closest to `name`; a candidate containing the name (or vice versa) ranks first. */
export function closestNames(options: {
  name: string;
  candidates: Iterable<string>;
  limit: number;
}): string[] {
  const name = options.name.toLowerCase();
  const scored = [...options.candidates].map((candidate) => {
    const contains = candidate.includes(name) || name.includes(candidate);
    return { candidate, score: editDistance(name, candidate) - (contains && name.length > 2 ? 100 : 0) };
  });
  scored.sort((left, right) => left.score - right.score || left.candidate.localeCompare(right.candidate));
  return scored.slice(0, options.limit).map((entry) => entry.candidate);
}
