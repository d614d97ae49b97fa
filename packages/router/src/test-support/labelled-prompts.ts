import { readFileSync } from "node:fs";
import type { LabelledPrompt } from "../calibrate/calibrate-scorer.js";

/** The labelled set the default scorer is calibrated on (kept in the policy package beside the scorer). */
export const LABELLED_PROMPTS_PATH = new URL(
  "../../../policy/src/complexity/__fixtures__/labelled-prompts.jsonl",
  import.meta.url,
);

export function readLabelledPrompts(): LabelledPrompt[] {
  return readFileSync(LABELLED_PROMPTS_PATH, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LabelledPrompt);
}
