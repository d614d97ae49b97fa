/** Levenshtein distance with a rolling row (names and operators are short; error paths only). */
export function editDistance(left: string, right: string): number {
  const previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    let diagonal = previous[0]!;
    previous[0] = row;
    for (let column = 1; column <= right.length; column++) {
      const above = previous[column]!;
      const substitution = diagonal + (left[row - 1] === right[column - 1] ? 0 : 1);
      previous[column] = Math.min(above + 1, previous[column - 1]! + 1, substitution);
      diagonal = above;
    }
  }
  return previous[right.length]!;
}

/**
 * The candidate closest to `input` (case-insensitive), or undefined when none is close enough
 * to be a plausible typo (distance at most a third of the input's length, at least 2; 1 for short inputs).
 */
export function closestMatch(input: string, candidates: Iterable<string>): string | undefined {
  const lowered = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const target = candidate.toLowerCase();
    // A typo of a prefix ("grater" for "greaterThan") counts as close: compare with the
    // candidate's prefix of about the input's length too.
    const prefix = Math.min(
      editDistance(lowered, target.slice(0, lowered.length)),
      editDistance(lowered, target.slice(0, lowered.length + 1)),
    );
    const distance = Math.min(
      editDistance(lowered, target),
      prefix + (target.length > lowered.length + 1 ? 1 : 0),
    );
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const allowed = input.length <= 3 ? 1 : Math.max(2, Math.floor(input.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const match = closestMatch(input, candidates);
  return match === undefined ? "" : ` (did you mean "${match}"?)`;
}

/**
 * The `limit` candidates closest to `name` (for "known models: ..." lists); a candidate
 * containing the name (or contained in it) ranks first.
 */
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
