import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CliError, CliErrorCode } from "../cli-error.js";

/**
 * The report's one typeface: Inter (SIL Open Font License 1.1), shipped as TTF by
 * @expo-google-fonts/inter. Embedded (subset) in every PDF, and used to measure chart text
 * so vega lays labels out with the same metrics the PDF draws them with.
 */
export const REPORT_FONTS = {
  regular: "Inter",
  semibold: "Inter-SemiBold",
  bold: "Inter-Bold",
} as const;

export type ReportFontName = (typeof REPORT_FONTS)[keyof typeof REPORT_FONTS];

const FONT_FILES: Record<ReportFontName, string> = {
  [REPORT_FONTS.regular]: "400Regular/Inter_400Regular.ttf",
  [REPORT_FONTS.semibold]: "600SemiBold/Inter_600SemiBold.ttf",
  [REPORT_FONTS.bold]: "700Bold/Inter_700Bold.ttf",
};

let resolvedFiles: Record<ReportFontName, string> | undefined;

/** Absolute paths of the TTF files, resolved once through the package that ships them. */
export function reportFontFiles(): Record<ReportFontName, string> {
  if (resolvedFiles) return resolvedFiles;
  let packageDirectory: string;
  try {
    const require = createRequire(import.meta.url);
    packageDirectory = dirname(require.resolve("@expo-google-fonts/inter/package.json"));
  } catch (error) {
    throw new CliError({
      code: CliErrorCode.fontMissing,
      message: "the report font package @expo-google-fonts/inter is not installed (run pnpm install)",
      cause: error,
    });
  }
  const files = {} as Record<ReportFontName, string>;
  for (const [name, relative] of Object.entries(FONT_FILES) as [ReportFontName, string][]) {
    const path = join(packageDirectory, relative);
    if (!existsSync(path)) {
      throw new CliError({
        code: CliErrorCode.fontMissing,
        message: `report font file missing: ${path}`,
      });
    }
    files[name] = path;
  }
  resolvedFiles = files;
  return files;
}

/** Registers the report fonts on a pdfkit document under the names in REPORT_FONTS. */
export function registerReportFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, path] of Object.entries(reportFontFiles())) doc.registerFont(name, path);
}

/** Maps a CSS/vega font weight to one of the report's font faces. */
export function fontForWeight(weight: string | number | undefined): ReportFontName {
  if (weight === "bold" || weight === "bolder") return REPORT_FONTS.semibold;
  const numeric = typeof weight === "number" ? weight : Number(weight);
  if (Number.isFinite(numeric) && numeric >= 700) return REPORT_FONTS.bold;
  if (Number.isFinite(numeric) && numeric >= 500) return REPORT_FONTS.semibold;
  return REPORT_FONTS.regular;
}
