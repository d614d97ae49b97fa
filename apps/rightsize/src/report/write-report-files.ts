import { createWriteStream } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { ReportFigures } from "@rightsize/baseline";
import { CliError, CliErrorCode } from "../cli-error.js";
import type { PaperSize } from "./pdf/typography.js";
import { type RenderedReport, renderReportPdf } from "./render-report-pdf.js";

/**
 * Writes the PDF next to its destination and renames it into place, so a failed render never
 * leaves a half-written report where the last good one was.
 */
export async function writeReportPdf(options: {
  figures: ReportFigures;
  path: string;
  paper?: PaperSize;
}): Promise<RenderedReport> {
  const temporary = join(dirname(options.path), `.${basename(options.path)}.${process.pid}.tmp`);
  try {
    const rendered = await renderReportPdf({
      figures: options.figures,
      output: createWriteStream(temporary),
      ...(options.paper ? { paper: options.paper } : {}),
    });
    await rename(temporary, options.path);
    return rendered;
  } catch (error) {
    await rm(temporary, { force: true });
    if (CliError.isInstance(error)) throw error;
    throw new CliError({
      code: CliErrorCode.writeFailed,
      message: `could not write ${options.path}: ${(error as Error).message}`,
      cause: error,
    });
  }
}

/** Writes a text file (the FOCUS CSV), with an error that names the path. */
export async function writeTextFile(options: { path: string; text: string }): Promise<number> {
  try {
    await writeFile(options.path, options.text, "utf8");
    return Buffer.byteLength(options.text);
  } catch (error) {
    throw new CliError({
      code: CliErrorCode.writeFailed,
      message: `could not write ${options.path}: ${(error as Error).message}`,
      cause: error,
    });
  }
}
