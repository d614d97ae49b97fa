/**
 * Resolves a simple JSONPath (`$.a.b`, `$.items[0]`) the way json-rules-engine's default
 * resolver (jsonpath-plus, `wrap: false`) does for such paths: own properties only, undefined
 * when a step is missing, and a non-object fact is returned unchanged (the engine skips the
 * path for those).
 */
export type FactPathResolver = (factValue: unknown) => unknown;

/** Splits `$.a.b[0]` into `["a", "b", "0"]`. The path must already be validated. */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const match of path.matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)) {
    segments.push((match[1] ?? match[2])!);
  }
  return segments;
}

/** Compiles a validated path to a resolver function. */
export function compileFactPath(path: string): FactPathResolver {
  const segments = pathSegments(path);
  return (factValue) => {
    if (factValue === null || typeof factValue !== "object") return factValue;
    let current: unknown = factValue;
    for (const segment of segments) {
      if (current === null || current === undefined || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
    return current;
  };
}
