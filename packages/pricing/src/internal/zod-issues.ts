import type { z } from "zod";

/** "models[3].rates[0].input: expected ..." for each issue, so an error names where it is. */
export function formatZodIssues(error: z.ZodError, root: string): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      let path = root;
      for (const key of issue.path) {
        path += typeof key === "number" ? `[${key}]` : `${path === "" ? "" : "."}${String(key)}`;
      }
      return `${path === "" ? "(root)" : path}: ${issue.message}`;
    })
    .join("; ")
    .concat(error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : "");
}
