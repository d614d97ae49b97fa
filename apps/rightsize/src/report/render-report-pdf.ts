import type { Writable } from "node:stream";
import type { ReportFigures } from "@rightsize/baseline";
import PDFDocument from "pdfkit";
import { CliError, CliErrorCode } from "../cli-error.js";
import { beforeAfterChartSpec } from "./charts/before-after-chart.js";
import { type ChartSvg, renderChartSvg } from "./charts/chart-svg.js";
import { commitmentCurveChartSpec } from "./charts/commitment-curve-chart.js";
import { forecastChartSpec } from "./charts/forecast-chart.js";
import { modelColors } from "./charts/model-colors.js";
import { modelMixChartSpec, modelMixRuns } from "./charts/model-mix-chart.js";
import { hasQualitySignal, qualityTrendChartSpec } from "./charts/quality-trend-chart.js";
import { shadowQualityChartSpec } from "./charts/shadow-quality-chart.js";
import { waterfallChartSpec } from "./charts/waterfall-chart.js";
import { weeklyCostChartSpec } from "./charts/weekly-cost-chart.js";
import { registerReportFonts } from "./fonts.js";
import { contentsHeight, drawContents, drawPageFurniture } from "./pdf/page-furniture.js";
import { ReportCanvas } from "./pdf/report-canvas.js";
import { PAGE_MARGINS, PAGE_SIZES, type PaperSize } from "./pdf/typography.js";
import { drawAskSection } from "./sections/ask-section.js";
import { drawCommitmentSection } from "./sections/commitment-section.js";
import { drawDataQualitySection } from "./sections/data-quality-section.js";
import { drawExecutiveSummary } from "./sections/executive-summary.js";
import { drawForecastSection } from "./sections/forecast-section.js";
import { drawMeasuredSection } from "./sections/measured-section.js";
import { drawMethodologySection } from "./sections/methodology-section.js";
import { drawQualitySection } from "./sections/quality-section.js";
import { drawSavingsSection } from "./sections/savings-section.js";
import { drawTasksSection } from "./sections/tasks-section.js";
import { drawUsageSection } from "./sections/usage-section.js";

export interface RenderReportPdfOptions {
  figures: ReportFigures;
  /** Where the PDF bytes go (a file stream, a buffer collector); ended when the PDF is done. */
  output: Writable;
  paper?: PaperSize;
}

/** What was written. */
export interface RenderedReport {
  pages: number;
  bytes: number;
}

interface ReportCharts {
  waterfall: ChartSvg;
  modelMix: ChartSvg;
  weeklyCost: ChartSvg;
  quality: ChartSvg | null;
  forecast: ChartSvg;
  commitmentCurve: ChartSvg;
  /** Before vs after cost by week, when the figures carry a measured run. */
  beforeAfter: ChartSvg | null;
  /** Quality over time from the measured run's continuous shadow eval, when it had one. */
  shadowQuality: ChartSvg | null;
}

/**
 * Renders the procurement PDF from the report figures: executive summary, contents, the
 * lever waterfall, usage and quality charts, forecast, commitment, per-task tables,
 * methodology, data quality. Every money string is the figures' own, so the PDF and
 * `--json` cannot disagree.
 */
export async function renderReportPdf(options: RenderReportPdfOptions): Promise<RenderedReport> {
  const { figures } = options;
  const charts = await renderCharts(figures);
  const doc = new PDFDocument({
    size: PAGE_SIZES[options.paper ?? "letter"],
    margins: { ...PAGE_MARGINS },
    bufferPages: true,
    autoFirstPage: false,
    pdfVersion: "1.7",
    lang: "en-US",
    displayTitle: true,
    info: {
      Title: `Claude commitment baseline ${figures.period.label}`,
      Author: "rightsize",
      Subject: "Current and optimized run-rates, forecast and commitment recommendation",
      Creator: "rightsize report",
      CreationDate: new Date(figures.generatedAt),
    },
  });
  registerReportFonts(doc);
  let bytes = 0;
  doc.on("data", (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const finished = new Promise<void>((resolve, reject) => {
    options.output.on("finish", resolve);
    options.output.on("error", (error) =>
      reject(
        new CliError({
          code: CliErrorCode.writeFailed,
          message: `could not write the PDF: ${error.message}`,
          cause: error,
        }),
      ),
    );
  });
  doc.pipe(options.output);

  const canvas = new ReportCanvas(doc);
  canvas.newPage();
  drawExecutiveSummary(canvas, figures);
  const summarySections = canvas.tocEntries.length;
  // Each drawer writes one listed section; page 2 opens with their compact contents, then the ask.
  const { measured } = figures;
  const { beforeAfter } = charts;
  const sections: Array<() => void> = [
    () => drawAskSection(canvas, figures),
    ...(measured && beforeAfter
      ? [
          () =>
            drawMeasuredSection(canvas, {
              figures,
              measured,
              chart: beforeAfter,
              shadowQualityChart: charts.shadowQuality,
            }),
        ]
      : []),
    () => drawSavingsSection(canvas, figures, charts.waterfall),
    () => drawUsageSection(canvas, figures, charts),
    () => drawQualitySection(canvas, figures, charts.quality),
    () => drawForecastSection(canvas, figures, charts.forecast),
    () => drawCommitmentSection(canvas, figures, charts.commitmentCurve),
    () => drawTasksSection(canvas, figures),
    () => drawMethodologySection(canvas, figures),
    () => drawDataQualitySection(canvas, figures),
  ];
  canvas.newPage();
  const contents = { pageIndex: canvas.pageIndex, top: canvas.y };
  canvas.spacer(contentsHeight(sections.length));
  for (const draw of sections) draw();

  const entries = canvas.tocEntries.slice(summarySections).filter((entry) => entry.level === 1);
  drawContents(canvas, { ...contents, entries });
  drawPageFurniture(canvas, {
    runningTitle: `Claude commitment baseline · ${figures.period.label} · policy ${figures.policy.name} ${figures.policy.version}`,
    footerNote: `Prices: price book ${figures.priceBook.version}. Estimates are labelled as such.`,
  });
  const pages = doc.bufferedPageRange().count;
  doc.end();
  await finished;
  return { pages, bytes };
}

async function renderCharts(figures: ReportFigures): Promise<ReportCharts> {
  const width = 500;
  const colors = modelColors(figures);
  const mixRuns = modelMixRuns(figures);
  return {
    waterfall: await renderChartSvg({
      spec: waterfallChartSpec(figures.waterfall.steps),
      width,
      height: 250,
    }),
    modelMix: await renderChartSvg({
      spec: modelMixChartSpec(mixRuns, colors),
      width,
      height: 50 + 32 * mixRuns.length,
    }),
    weeklyCost: await renderChartSvg({
      spec: weeklyCostChartSpec(figures.costByModelWeek, colors, observedDays(figures)),
      width,
      height: 220,
    }),
    quality: !hasQualitySignal(figures.qualityByTaskWeek)
      ? null
      : await renderChartSvg({
          spec: qualityTrendChartSpec(figures.qualityByTaskWeek),
          width,
          height: 240,
        }),
    forecast: await renderChartSvg({ spec: forecastChartSpec(figures), width, height: 250 }),
    commitmentCurve: await renderChartSvg({
      spec: commitmentCurveChartSpec(figures.commitment),
      width,
      height: 220,
    }),
    beforeAfter: figures.measured
      ? await renderChartSvg({
          spec: beforeAfterChartSpec(figures.measured.weekly, observedDays(figures)),
          width,
          height: 220,
        })
      : null,
    shadowQuality: figures.measured?.qualityAssurance
      ? await renderChartSvg({
          spec: shadowQualityChartSpec(figures.measured.qualityAssurance),
          width,
          height: 220,
        })
      : null,
  };
}

/** The main inputs' observed days (weekly charts draw only the weeks wholly inside them). */
function observedDays(figures: ReportFigures): { start: string; end: string } | undefined {
  const { observedStart, observedEnd } = figures.period;
  return observedStart && observedEnd ? { start: observedStart, end: observedEnd } : undefined;
}
