import type Anthropic from "@anthropic-ai/sdk";
import { promptText } from "../requests/request-line.js";
import { answerText, type JudgeGrader } from "./grader.js";
import type { GraderConfig } from "./grader-schema.js";

const JUDGE_SYSTEM =
  "You grade another model's answer. Judge it against the rubric, and against the reference answer when one is given. " +
  'Reply with only a JSON object: {"pass": true or false, "score": a number from 0 to 1, "reason": "one sentence"}.';

/**
 * `judge`: a model grades the answer against the rubric. Its prompt holds the task, the
 * reference when there is one, and the answer; it must reply with `{"pass","score","reason"}`.
 */
export function judgeGrader(config: Extract<GraderConfig, { type: "judge" }>): JudgeGrader {
  return {
    kind: "judge",
    type: "judge",
    model: config.model,
    judgeRequest: (input) => {
      const reference =
        input.reference === undefined
          ? ""
          : `Reference answer:\n<reference>\n${typeof input.reference === "string" ? input.reference : JSON.stringify(input.reference)}\n</reference>\n\n`;
      const content =
        `Rubric:\n${config.rubric}\n\nTask given to the model:\n<task>\n${promptText(input.request)}\n</task>\n\n` +
        `${reference}Answer to grade:\n<answer>\n${input.answer}\n</answer>`;
      return {
        model: input.model,
        max_tokens: config.maxTokens,
        system: JUDGE_SYSTEM,
        messages: [{ role: "user", content }],
      };
    },
    readVerdict: (message: Anthropic.Message) => {
      const text = answerText(message);
      const start = text.indexOf("{");
      const end = text.lastIndexOf("}");
      if (start < 0 || end < start) throw new Error(`judge reply holds no JSON object: ${excerpt(text)}`);
      let verdict: Record<string, unknown>;
      try {
        verdict = JSON.parse(text.slice(start, end + 1)) as Record<string, unknown>;
      } catch {
        throw new Error(`judge reply is not valid JSON: ${excerpt(text)}`);
      }
      const pass = typeof verdict.pass === "boolean" ? verdict.pass : undefined;
      const score =
        typeof verdict.score === "number" ? verdict.score : pass === undefined ? undefined : pass ? 1 : 0;
      if (score === undefined || !(score >= 0 && score <= 1))
        throw new Error(`judge reply has no score in [0, 1] nor a boolean pass: ${excerpt(text)}`);
      return { score, pass: pass ?? score >= config.passAt };
    },
  };
}

function excerpt(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
}
