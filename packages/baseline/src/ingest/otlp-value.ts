/**
 * Reading OTLP JSON AnyValue objects as the file exporters write them: 64-bit ints as strings
 * (`{"intValue":"2"}`) or numbers, doubles as `doubleValue`, and the JS exporter's habit of
 * writing a whole-number double as intValue. A wrong type yields NaN / undefined, never a throw.
 */
interface AnyValue {
  stringValue?: unknown;
  intValue?: unknown;
  doubleValue?: unknown;
  boolValue?: unknown;
  arrayValue?: { values?: unknown };
}

/** A numeric attribute value, or NaN when absent or not a number. */
export function numberValue(value: unknown): number {
  if (value === null || typeof value !== "object") return Number.NaN;
  const any = value as AnyValue;
  const raw = any.intValue ?? any.doubleValue;
  if (typeof raw === "number") return raw;
  if (typeof raw === "string" && raw.length > 0 && raw.length < 20) return Number(raw);
  return Number.NaN;
}

/** A string attribute value, or undefined. */
export function stringValue(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const raw = (value as AnyValue).stringValue;
  return typeof raw === "string" ? raw : undefined;
}

/** A boolean attribute value (also accepting "true"/"false" strings), or undefined. */
export function boolValue(value: unknown): boolean | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const any = value as AnyValue;
  if (typeof any.boolValue === "boolean") return any.boolValue;
  if (any.stringValue === "true") return true;
  if (any.stringValue === "false") return false;
  return undefined;
}

/** The string members of an arrayValue (e.g. decision rule names). */
export function stringArrayValue(value: unknown): string[] {
  if (value === null || typeof value !== "object") return [];
  const values = (value as AnyValue).arrayValue?.values;
  if (!Array.isArray(values)) {
    const single = stringValue(value);
    return single === undefined ? [] : [single];
  }
  const result: string[] = [];
  for (const item of values) {
    const text = stringValue(item);
    if (text !== undefined) result.push(text);
  }
  return result;
}

/** OTLP `startTimeUnixNano` (a decimal string or number) to epoch milliseconds, NaN if malformed. */
export function nanosToMillis(value: unknown): number {
  if (typeof value === "number") return Math.floor(value / 1e6);
  if (typeof value !== "string" || value.length < 7 || value.length > 20) return Number.NaN;
  // Drop the last 6 digits instead of dividing: exact, and no 64-bit precision loss.
  return Number(value.slice(0, -6));
}
