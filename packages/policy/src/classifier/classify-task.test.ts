import { describe, expect, it } from "vitest";
import { classifyTask, createTaskClassifier } from "./classify-task.js";
import { POLICY_TASK_ALIASES } from "./task-keywords.js";

const ask = (text: string, system?: string) =>
  classifyTask({ ...(system ? { system } : {}), messages: [{ role: "user", content: text }] });

describe("classifyTask", () => {
  it.each([
    ["What is the capital of Italy?", "question-answering"],
    ["Translate 'I will be late tomorrow' into French.", "translation"],
    ["Is this email spam? 'Claim your prize now'", "spam-detection"],
    ["Write a Python function that reverses a linked list.", "code-generation"],
    ["Classify this ticket into one of these categories: billing, shipping, returns.", "classification"],
    ["Extract the order number, dates and shipping addresses as entities.", "entity-extraction"],
    ["What is the sentiment of this review: 'slow delivery, great product'?", "sentiment-analysis"],
    ["Summarize this support conversation in three bullet points; a brief summary.", "summarization"],
    ["Draft a polite reply email to the customer with an apology.", "email-drafting"],
    ["Convert this CSV to JSON: a,b\n1,2", "format-conversion"],
    ["Redact the personal data (names, phone numbers) in this note.", "pii-detection"],
    ["Give five keywords for this article.", "keyword-extraction"],
    ["Fix the typos and grammar in this paragraph.", "content-editing"],
    ["Write a short story about a lighthouse keeper.", "creative-writing"],
    [
      "Review this contract: check the liability and indemnification clauses and jurisdiction.",
      "legal-analysis",
    ],
    [
      "Review our architecture: microservices, sharding, scalability and infrastructure.",
      "architecture-review",
    ],
  ])("%s -> %s", (text, taskType) => {
    const result = ask(text);
    expect(result.taskType).toBe(taskType);
    expect(result.confidence).toBeGreaterThan(0.3);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it("answers in the example policies' names with their aliases", () => {
    const classifier = createTaskClassifier({ aliases: POLICY_TASK_ALIASES });
    const classify = (text: string) =>
      classifier.classify({ messages: [{ role: "user", content: text }] }).taskType;
    expect(classify("Is this email spam? 'Claim your prize now'")).toBe("detection");
    expect(classify("Extract the order number, dates and shipping addresses as entities.")).toBe(
      "extraction",
    );
    expect(classify("Review the liability and indemnification clauses of this contract.")).toBe(
      "legal-review",
    );
    expect(classify("Write a Python function that reverses a linked list.")).toBe("code-generation");
  });

  it("reads the instruction, not the pasted document: a long product page to translate is translation", () => {
    const page = "The router ships with a two-year warranty and a legal notice on liability. ".repeat(40);
    expect(ask(`Translate this product description into French.\n\n${page}`).taskType).toBe("translation");
    expect(ask(`${page}\n\nSummarize the page above.`).taskType).toBe("summarization");
  });

  it("stays unknown on thin or split evidence instead of guessing", () => {
    expect(ask("Hello there, good to see you")).toMatchObject({ taskType: "unknown", confidence: 0 });
    expect(ask("Summarize and classify and extract and translate.").taskType).toBe("unknown");
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
