/** A line of a JSON-lines file that could not be used, by 1-based line number. */
export interface BadLine {
  line: number;
  reason: string;
}

/**
 * Calls `onLine` for each non-blank line with its 1-based number and parsed JSON; lines that do
 * not parse (a truncated last line of a killed run, say) are returned, never thrown.
 */
export function forEachJsonLine(
  text: string,
  onLine: (value: unknown, line: number) => BadLine | null,
): { lines: number; bad: BadLine[] } {
  const bad: BadLine[] = [];
  const lines = text.split("\n");
  let count = 0;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    count++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      bad.push({ line: index + 1, reason: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    const problem = onLine(value, index + 1);
    if (problem) bad.push(problem);
  }
  return { lines: count, bad };
}
