/**
 * The offline token estimate per script, against the emulator's tokenizer (count_tokens, which
 * messages and batches share), on a new-tokenizer model (Sonnet 5.5) and an old one (Haiku 4.5).
 * Also the flat 3-characters-a-token rule the client used before, for comparison.
 *
 *   ./dev node packages/policy/bench/token-estimate.ts
 */
import "../../../scripts/ts-source-hooks.mjs";

const { default: Anthropic } = await import("@anthropic-ai/sdk");
const { estimateInputTokens } = (await import("@rightsize/policy")) as typeof import("@rightsize/policy");
const { startEmulator } = (await import("@rightsize/emulator")) as typeof import("@rightsize/emulator");

const repeat = (text: string, length: number) =>
  text.repeat(Math.ceil(length / text.length)).slice(0, length);
const SAMPLES: Record<string, string> = {
  "English prose": repeat(
    "The quarterly revenue rose four percent, driven by renewals in the enterprise segment. ",
    20_000,
  ),
  "source code": repeat(
    "function total(items) {\n  return items.reduce((sum, item) => sum + item.price * item.qty, 0);\n}\n",
    20_000,
  ),
  "JSON / punctuation": repeat('{"id":1,"tags":["a","b"],"ok":true},', 20_000),
  digits: repeat("4815162342 3.14159 2026-11-14 ", 20_000),
  "Japanese (CJK)": repeat("日本語の文書を要約してください。", 20_000),
  "Chinese (CJK)": repeat("请总结这份季度报告的主要内容。", 20_000),
  "Korean (Hangul)": repeat("분기 보고서의 주요 내용을 요약해 주세요. ", 20_000),
  "Russian (Cyrillic)": repeat("Пожалуйста, кратко изложите квартальный отчёт. ", 20_000),
  Arabic: repeat("يرجى تلخيص التقرير الفصلي. ", 20_000),
  emoji: repeat("🚚📦✅ ", 20_000),
};

const emulator = await startEmulator({ seed: 1 });
const client = new Anthropic({ apiKey: "measure", baseURL: emulator.url, maxRetries: 0 });
const pct = (estimate: number, actual: number) =>
  `${(((estimate - actual) / actual) * 100).toFixed(1)}%`.padStart(8);
console.log(
  "script               chars   new-tok count  estimate   error | old-tok count   error | chars/3 vs new",
);
for (const [name, text] of Object.entries(SAMPLES)) {
  const messages = [{ role: "user" as const, content: text }];
  const newer = (await client.messages.countTokens({ model: "claude-sonnet-5-5", messages })).input_tokens;
  const older = (await client.messages.countTokens({ model: "claude-haiku-4-5", messages })).input_tokens;
  const estimate = estimateInputTokens({ messages });
  const flat = Math.ceil((text.length + 12) / 3);
  console.log(
    `${name.padEnd(20)} ${String(text.length).padStart(6)} ${String(newer).padStart(15)} ${String(estimate).padStart(9)} ${pct(estimate, newer)} | ${String(older).padStart(13)} ${pct(estimate, older)} | ${pct(flat, newer)}`,
  );
}
await emulator.close();
