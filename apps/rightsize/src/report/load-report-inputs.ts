import { loadPolicyFile, type Policy } from "@rightsize/policy";
import { usageError } from "../cli-error.js";

/** The candidate policy from `--policy`, validated (errors name the path inside the file). */
export async function loadPolicyOption(path: string): Promise<Policy> {
  try {
    return await loadPolicyFile(path);
  } catch (error) {
    throw usageError(`--policy: ${(error as Error).message}`);
  }
}
