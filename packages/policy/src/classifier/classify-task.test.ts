import { describe, expect, it } from "vitest";
import { classifyTask, createTaskClassifier } from "./classify-task.js";

const ask = (text: string, system?: string) =>
  classifyTask({ ...(system ? { system } : {}), messages: [{ role: "user", content: text }] });

describe("classifyTask", () => {
  it.each([
    ["Classify this ticket into one of these categories: billing, shipping, returns.", "classification"],
    ["Extract the order number, dates and shipping addresses as JSON fields.", "extraction"],
    ["Detect whether this email is spam or phishing and flag it.", "detection"],
    ["Summarize this support conversation in three bullet points; a brief summary.", "summarization"],
    ["Draft a polite reply to the customer; compose it as an email with an apology.", "drafting"],
    ["Analyze the churn metrics and find the root cause and trends; give insights.", "analysis"],
    [
      "Implement a TypeScript function that parses CSV, then refactor the code and add tests.",
      "code-generation",
    ],
    [
      "Review this contract: check the liability and indemnification clauses and jurisdiction.",
      "legal-review",
    ],
    [
      "Review our architecture: microservices, sharding, scalability and infrastructure.",
      "architecture-review",
    ],
  ])("%s -> %s", (text, taskType) => {
    const result = ask(text);
    expect(result.taskType).toBe(taskType);
    expect(result.confidence).toBeGreaterThanOrEqual(0.5);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it("stays unknown on thin or split evidence instead of guessing", () => {
    expect(ask("Hello! How are you today?")).toMatchObject({ taskType: "unknown", confidence: 0 });
    expect(ask("Summarize and classify and extract.").taskType).toBe("unknown");
  });

  it("reads the system prompt, block content, and ignores assistant turns", () => {
    const result = classifyTask({
      system: [{ type: "text", text: "You classify support tickets into categories." }],
      messages: [
        { role: "user", content: [{ type: "text", text: "Ticket: my parcel is late. Label it." }] },
        { role: "assistant", content: "Summary summary summary summarize" },
      ],
    });
    expect(result.taskType).toBe("classification");
  });

  it("takes a custom vocabulary", () => {
    const classifier = createTaskClassifier({ keywords: { translation: { translate: 3, french: 2 } } });
    expect(
      classifier.classify({ messages: [{ role: "user", content: "Translate to French" }] }).taskType,
    ).toBe("translation");
  });
});
