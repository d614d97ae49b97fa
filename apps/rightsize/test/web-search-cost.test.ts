import Anthropic from "@anthropic-ai/sdk";
import { PICO_PER_USD } from "@rightsize/contracts";
import { createManualClock, startEmulator } from "@rightsize/emulator";
import { cost, priceUsageReportRow, type UsageReportRow } from "@rightsize/pricing";
import { describe, expect, it } from "vitest";

// A round trip across three packages: the emulator simulates the web search server tool, the SDK
// carries its usage, and the price book prices each search at $10 per 1,000 (Anthropic pricing
// page, "Web search"), on a response and on the Admin usage report the emulator serves.
describe("web search: emulator → usage → cost", () => {
  it("prices every search the emulator ran at $0.01, besides the tokens", async () => {
    const emulator = await startEmulator({ seed: 3, clock: createManualClock() }); // 2026-11-01
    try {
      const client = new Anthropic({ apiKey: "test", baseURL: emulator.url, maxRetries: 0 });
      const message = await client.messages.create({
        model: "claude-sonnet-4-6",
        max_tokens: 300,
        messages: [{ role: "user", content: "Which cities opened new tram lines this year?" }],
        tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 5 }],
      });
      const searches = message.usage.server_tool_use?.web_search_requests ?? 0;
      expect(searches).toBeGreaterThan(0);
      const breakdown = cost({ model: message.model, usage: message.usage });
      const line = breakdown.lines.find((candidate) => candidate.item === "web_search");
      expect(line?.quantity).toBe(searches);
      expect(BigInt(line?.list ?? 0)).toBe((BigInt(searches) * PICO_PER_USD) / 100n);
      const tokens = cost({ model: message.model, usage: { ...message.usage, server_tool_use: null } });
      expect(BigInt(breakdown.list) - BigInt(tokens.list)).toBe((BigInt(searches) * PICO_PER_USD) / 100n);

      // The provider's side of the books counts the same searches.
      const response = await fetch(
        `${emulator.url}/v1/organizations/usage_report/messages?starting_at=2026-11-01T00:00:00Z&ending_at=2026-11-02T00:00:00Z&bucket_width=1d&group_by[]=model`,
        { headers: { "x-api-key": "admin", "anthropic-version": "2023-06-01" } },
      );
      const report = (await response.json()) as { data: { results: UsageReportRow[] }[] };
      const rows = report.data.flatMap((bucket) => bucket.results);
      expect(rows.reduce((sum, row) => sum + (row.server_tool_use?.web_search_requests ?? 0), 0)).toBe(
        searches,
      );
      const priced = rows.map((row) => priceUsageReportRow({ row, at: "2026-11-01T00:00:00Z" }));
      const searchLines = priced.flatMap((row) =>
        row.lines.filter((candidate) => candidate.item === "web_search"),
      );
      expect(searchLines.reduce((sum, candidate) => sum + BigInt(candidate.list), 0n)).toBe(
        (BigInt(searches) * PICO_PER_USD) / 100n,
      );
    } finally {
      await emulator.close();
    }
  });
});
