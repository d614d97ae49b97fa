import type { Period } from "../period.js";
import type { ReportFigures } from "../report-figures.js";
import type { QualityVerdict } from "../usage-record.js";
import { measureAfter } from "./measure-after.js";

/**
 * The report figures with their `measured` section: the measured "after" run when span files
 * were given, null otherwise (so a report without `--measured` says so explicitly).
 */
export async function withMeasured(options: {
  figures: ReportFigures;
  measured: readonly string[] | undefined;
  period: Period | undefined;
  verdicts: readonly QualityVerdict[];
}): Promise<ReportFigures> {
  if (options.measured === undefined) return { ...options.figures, measured: null };
  const measured = await measureAfter({
    paths: options.measured,
    period: options.period,
    before: options.figures,
    beforeVerdicts: options.verdicts,
  });
  return { ...options.figures, measured };
}
