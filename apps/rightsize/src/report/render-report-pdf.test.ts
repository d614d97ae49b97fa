import { createWriteStream, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReportPdf } from "./render-report-pdf.js";
import { pdfFonts, pdfPageCount, pdfText, renderPages } from "./test-support/poppler.js";
import { sampleFigures } from "./test-support/sample-figures.js";

const directory = mkdtempSync(join(tmpdir(), "rightsize-report-pdf-"));
const path = join(directory, "report.pdf");
// Enough task rows and reconciliation rows that both tables break across pages.
const figures = sampleFigures({ taskCount: 70, reconciliationRows: 80 });
let pages = 0;

beforeAll(async () => {
  const rendered = await renderReportPdf({ figures, output: createWriteStream(path) });
  pages = rendered.pages;
}, 60_000);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("renderReportPdf", () => {
  it("writes a PDF whose page count matches what it reports", () => {
    expect(pages).toBeGreaterThan(8);
    expect(pdfPageCount(path)).toBe(pages);
  });

  it("embeds every font, and only the report's Inter faces", () => {
    const fonts = pdfFonts(path);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.embedded, font.name).toBe(true);
      expect(font.name).toMatch(/\+Inter-(Regular|SemiBold|Bold)$/);
    }
  });

  it("renders every page with pdftoppm without errors", () => {
    const result = renderPages(path, join(directory, "page"));
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readdirSync(directory).filter((name) => name.endsWith(".png"))).toHaveLength(pages);
  });

  it("puts the executive summary figures on page 1", () => {
    const first = pdfText(path, 1);
    for (const usd of [
      figures.runRates.current.monthly.usd,
      figures.runRates.optimized.monthly.usd,
      figures.runRates.savings.monthly.usd,
      // The flat commitment to ask for, and the P70 / P50 spend levels in the summary.
      "$320,000.00",
      "$683,500.00",
      "$715,000.00",
    ]) {
      expect(first).toContain(usd);
    }
    expect(first).toContain("42.0% of current spend");
    expect(first).toMatch(/Page 1 of \d+/);
  });

  it("lists every section in a compact contents on page 2 with the page it starts on", () => {
    const contents = pdfText(path, 2);
    const sections = [
      "The ask",
      "Where the savings come from",
      "Usage by model",
      "Forecast: the next four quarters",
      "Commitment: what it buys",
      "Per task type",
      "Methodology and assumptions",
      "Data quality and reconciliation",
    ];
    // Figures without a measured run (measured absent or null) get no measured section.
    expect(contents).not.toContain("Before and after: measured");
    for (const title of sections) {
      // Two columns: an entry's page number follows its title on the same line.
      const match = new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[ .]*?(\\d+)`).exec(contents);
      expect(match, title).not.toBeNull();
      const page = Number(match?.[1]);
      // Sections flow: the heading is on that page (not necessarily at its top).
      const body = pdfText(path, page).split("\n").slice(2).join("\n");
      expect(body, `${title} on page ${page}`).toContain(title);
    }
  });

  it("states the ask on page 2 under the contents, derived from the figures", () => {
    const ask = pdfText(path, 2).replace(/\s+/g, " ");
    expect(ask).toContain("The ask");
    expect(ask).toContain("Flat $320,000.00 a year at 10% off");
    expect(ask).toContain("Do not commit $3,400,000.00 (today's run-rate)");
    expect(ask).toContain("would forfeit an expected $2,680,000.00");
    expect(ask).toMatch(/Overage at the committed discount/);
    expect(ask).toContain("ASSUMPTION");
  });

  it("numbers every page and repeats table headers when a table continues", () => {
    let continued = 0;
    for (let page = 1; page <= pages; page += 1) {
      const text = pdfText(path, page);
      expect(text).toContain(`Page ${page} of ${pages}`);
      if (text.includes("Cost and recommendation (continued)")) {
        continued += 1;
        expect(text).toMatch(/Task type\s+Requests\s+Current model\s+Current cost/);
      }
    }
    expect(continued).toBeGreaterThan(0);
    // A table that fits on a page is moved whole, never split: the waterfall never continues.
    expect(pdfText(path)).not.toContain("Lever waterfall (continued)");
  });

  it("shows each task's money right-aligned in its row", () => {
    const all = pdfText(path);
    const task = figures.tasks[0];
    expect(task).toBeDefined();
    if (!task) return;
    const row = all.split("\n").find((line) => line.trimStart().startsWith(`${task.taskType} `));
    expect(row).toBeDefined();
    expect(row).toContain(task.currentCost.usd);
    expect(row?.trimEnd().endsWith(task.savings.usd)).toBe(true);
  });
});
