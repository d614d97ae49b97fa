import { formatIssuePath } from "@rightsize/contracts";
import type { z } from "zod";

/** The first issue of a failed parse as `path: message` (paths as contracts formats them). */
export function firstIssue(error: z.ZodError, root = ""): string {
  const issue = error.issues[0];
  if (!issue) return root ? `${root}: invalid` : "invalid";
  const path = formatIssuePath(issue.path, root);
  return path ? `${path}: ${issue.message}` : issue.message;
}
