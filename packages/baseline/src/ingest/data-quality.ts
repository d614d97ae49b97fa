/**
 * Counts every line that could not be used, by reason, with a few samples (file:line, reason,
 * a truncated excerpt), so the report's data-quality section accounts for all input.
 */
const SAMPLES_PER_REASON = 3;
const MAX_SAMPLES = 30;
const EXCERPT_CHARS = 120;

export interface BadLineSample {
  file: string;
  line: number;
  reason: string;
  excerpt: string;
}

export class DataQualityLog {
  readonly badByReason = new Map<string, number>();
  readonly skippedByReason = new Map<string, number>();
  readonly samples: BadLineSample[] = [];
  readonly readErrors: Array<{ file: string; message: string; recordsRecovered: number }> = [];

  /** Record one unusable item (a line, or one span inside a line). */
  bad(options: { file: string; line: number; reason: string; text: string }): void {
    const count = (this.badByReason.get(options.reason) ?? 0) + 1;
    this.badByReason.set(options.reason, count);
    if (count <= SAMPLES_PER_REASON && this.samples.length < MAX_SAMPLES) {
      this.samples.push({
        file: options.file,
        line: options.line,
        reason: options.reason,
        excerpt: truncate(options.text),
      });
    }
  }

  /** Record a valid item deliberately not counted as a request (e.g. a parent span). */
  skipped(reason: string): void {
    this.skippedByReason.set(reason, (this.skippedByReason.get(reason) ?? 0) + 1);
  }

  readError(options: { file: string; message: string; recordsRecovered: number }): void {
    this.readErrors.push(options);
  }
}

function truncate(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}
