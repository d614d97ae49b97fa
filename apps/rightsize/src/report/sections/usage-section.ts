import type { ReportFigures } from "@rightsize/baseline";
import { formatUsd, picoToUsd } from "@rightsize/contracts";
import type { ChartSvg } from "../charts/chart-svg.js";
import { formatCount, formatPercent } from "../format.js";
import type { ReportCanvas } from "../pdf/report-canvas.js";
import { drawTable } from "../pdf/table.js";

/**
 * Requests by model before and after (a 100% bar per run and a table: the mix the policy moves
 * spend to) and actual cost by model per week (stacked bars), one colour per model throughout.
 */
export function drawUsageSection(
  canvas: ReportCanvas,
  figures: ReportFigures,
  charts: { modelMix: ChartSvg; weeklyCost: ChartSvg },
): void {
  const { measured } = figures;
  const mixCaption =
    `Share of requests answered by each model: the main inputs (before), ${measured ? "the run under the policy (measured) and " : ""}` +
    "the replay of the policy over the same requests (projection).";
  const mixSpace = canvas.chartSpace(charts.modelMix, mixCaption);
  canvas.section("Usage by model", { keepWith: mixSpace + 30 });
  canvas.subsection("Requests by model, before and after", { keepWith: mixSpace });
  canvas.chart(charts.modelMix, mixCaption);
  const after = afterMix(figures);
  const before = new Map(figures.requestsByModel.map((row) => [row.model, row]));
  const models = [...new Set([...before.keys(), ...after.rows.keys()])].sort(
    (left, right) =>
      mixCost(after.rows.get(right)) - mixCost(after.rows.get(left)) ||
      mixCost(before.get(right)) - mixCost(before.get(left)),
  );
  drawTable(canvas, {
    title: "Requests by model",
    columns: [
      { header: "Model", weight: 2.2 },
      { header: "Before: requests", weight: 1.3, align: "right" },
      { header: "Share", weight: 0.8, align: "right" },
      { header: "Cost", weight: 1.2, align: "right" },
      { header: `After (${after.label}): requests`, weight: 1.6, align: "right" },
      { header: "Share", weight: 0.8, align: "right" },
      { header: "Cost", weight: 1.2, align: "right" },
    ],
    rows: models.map((model) => {
      const left = before.get(model);
      const right = after.rows.get(model);
      return {
        cells: [
          model,
          left ? formatCount(left.requests) : "–",
          left ? formatPercent(left.share) : "–",
          left ? left.cost.usd : "–",
          right ? formatCount(right.requests) : "–",
          right ? formatPercent(right.share) : "–",
          right ? right.cost.usd : "–",
        ],
      };
    }),
    footnote: measured
      ? "Before: actual spend of the main inputs. After: the measured run's actual cost by the model that answered (escalated-away attempts on their own model)."
      : "Before: actual spend. After: the replay's optimized cost on the model the policy picks (an estimate; escalated-away attempts at their actual cost).",
    emptyText: "No requests in the period.",
  });
  const weeklyCaption =
    "Actual spend of the main inputs (before) per ISO week (Monday start), stacked by model. Weeks cut by the start or end of the observed days are not drawn (their spend is in every total).";
  canvas.subsection("Cost by model per week", {
    keepWith: canvas.chartSpace(charts.weeklyCost, weeklyCaption),
  });
  canvas.chart(charts.weeklyCost, weeklyCaption);
}

type MixRow = { requests: number; share: number; cost: { usd: string; value: number } };

/** The after side of the table: the measured run when there is one, else the replay. */
function afterMix(figures: ReportFigures): { label: string; rows: Map<string, MixRow> } {
  const rows = new Map<string, MixRow>();
  if (figures.measured) {
    // The measured rows are per model and tier: a model is one row here.
    const byModel = new Map<string, { requests: number; cost: bigint }>();
    for (const row of figures.measured.requestsByModel) {
      const entry = byModel.get(row.model) ?? { requests: 0, cost: 0n };
      entry.requests += row.requests;
      entry.cost += BigInt(row.cost.pico);
      byModel.set(row.model, entry);
    }
    const total = figures.measured.requests;
    for (const [model, entry] of byModel)
      rows.set(model, {
        requests: entry.requests,
        share: total === 0 ? 0 : entry.requests / total,
        cost: { usd: formatUsd(entry.cost), value: picoToUsd(entry.cost) },
      });
    return { label: "measured", rows };
  }
  for (const row of figures.optimizedRequestsByModel) rows.set(row.model, row);
  return { label: "replay", rows };
}

const mixCost = (row: { cost: { value: number } } | undefined) => row?.cost.value ?? 0;
