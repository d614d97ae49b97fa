import { describe, expect, it } from "vitest";
import { composeSteps, type Step } from "./compose-steps.js";

describe("composeSteps", () => {
  it("runs steps in order, each around the rest (onion order)", async () => {
    const trace: string[] = [];
    const step =
      (name: string): Step<string[]> =>
      async (context, next) => {
        context.push(`${name}>`);
        await next();
        context.push(`<${name}`);
      };
    await composeSteps([step("a"), step("b")])(trace, async () => {
      trace.push("end");
    });
    expect(trace).toEqual(["a>", "b>", "end", "<b", "<a"]);
  });

  it("stops where a step does not call next, and refuses a second next()", async () => {
    const trace: string[] = [];
    await composeSteps<string[]>([
      async (context) => void context.push("only"),
      async (context) => void context.push("never"),
    ])(trace, async () => {});
    expect(trace).toEqual(["only"]);
    const twice = composeSteps<string[]>([
      async (_context, next) => {
        await next();
        await next();
      },
    ]);
    await expect(twice([], async () => {})).rejects.toThrow("next() called twice");
  });
});
