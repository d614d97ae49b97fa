// The default scorer and classifier on the labelled set
// (packages/policy/src/complexity/__fixtures__/labelled-prompts.jsonl): refits the scorer's
// weights (they must equal DEFAULT_COMPLEXITY_MODEL's; a test checks), and prints the ROC AUC of
// the shipped scorer beside a prompt-length baseline, the cross-validated AUC, how many prompts
// land on each side of the policies' thresholds, and the classifier's unknown rate.
// Run: ./dev node packages/router/scripts/calibrate-scorer.ts
import "../../../scripts/ts-source-hooks.mjs";

// Sources are imported after the hook is registered (static imports resolve before it).
const { calibrateScorer } = (await import(
  "../src/calibrate/calibrate-scorer.js"
)) as typeof import("../src/calibrate/calibrate-scorer.js");
const { readLabelledPrompts } = (await import(
  "../src/test-support/labelled-prompts.js"
)) as typeof import("../src/test-support/labelled-prompts.js");
const { rocAuc } = (await import("../src/metrics/roc-auc.js")) as typeof import("../src/metrics/roc-auc.js");
const { classifyTask, scoreComplexity } = (await import(
  "@rightsize/policy"
)) as typeof import("@rightsize/policy");

const prompts = readLabelledPrompts();
const labels = prompts.map((item) => (item.label === "hard" ? 1 : 0));
const ask = (prompt: string) => ({ messages: [{ role: "user", content: prompt }] });
const scores = prompts.map((item) => scoreComplexity(ask(item.prompt)).score);
const lengths = prompts.map((item) => item.prompt.length);
const result = calibrateScorer({ prompts, seed: 1 });
const hard = scores.filter((_, index) => labels[index] === 1);
const easy = scores.filter((_, index) => labels[index] === 0);
const types = prompts.map((item) => classifyTask(ask(item.prompt)).taskType);
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;

console.log(`${prompts.length} labelled prompts (${hard.length} hard, ${easy.length} easy)`);
console.log(`ROC AUC, shipped scorer:            ${rocAuc({ scores, labels }).toFixed(3)}`);
console.log(`ROC AUC, 5-fold cross-validated:    ${result.crossValidatedAuc.toFixed(3)} (l2 ${result.l2})`);
console.log(`ROC AUC, prompt length alone:       ${rocAuc({ scores: lengths, labels }).toFixed(3)}`);
console.log(
  `hard prompts above 0.8: ${percent(hard.filter((score) => score > 0.8).length, hard.length)}; ` +
    `easy prompts below 0.5: ${percent(easy.filter((score) => score < 0.5).length, easy.length)}`,
);
console.log(
  `classifier: unknown ${percent(types.filter((type) => type === "unknown").length, types.length)}, ` +
    `same task type as the label ${percent(types.filter((type, index) => type === prompts[index]!.taskType).length, types.length)}`,
);
console.log(`fitted model: ${JSON.stringify(result.model)}`);
