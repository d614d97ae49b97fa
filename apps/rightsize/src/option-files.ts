import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { type ContractedRates, parseContractedRates } from "@rightsize/pricing";
import { parse as parseYaml } from "yaml";
import { usageError } from "./cli-error.js";

/**
 * How every command reads a structured file an option names (`--rates`, `--evals`): said in
 * the commands' help, so one rule everywhere.
 */
export const STRUCTURED_FILE_RULE =
  "JSON or YAML, by extension (.json; .yaml or .yml), otherwise by content (JSON when it starts with { or [)";

/** The file's format under STRUCTURED_FILE_RULE. */
export function structuredFormatOf(options: { path: string; text: string }): "json" | "yaml" {
  const extension = extname(options.path).toLowerCase();
  if (extension === ".json") return "json";
  if (extension === ".yaml" || extension === ".yml") return "yaml";
  return /^\s*[[{]/.test(options.text) ? "json" : "yaml";
}

/** The text of a file a command reads; a usage error (exit 2) names the option (or argument) and the file. */
export function readOptionText(options: { path: string; option: string }): string {
  try {
    return readFileSync(options.path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw usageError(`${options.option}: cannot read ${options.path} (${reason})`, { cause: error });
  }
}

/** The bytes of a file a command reads (for parsers that decode strictly); errors as readOptionText's. */
export function readOptionBytes(options: { path: string; option: string }): Uint8Array {
  try {
    return readFileSync(options.path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw usageError(`${options.option}: cannot read ${options.path} (${reason})`, { cause: error });
  }
}

/** Reads a JSON or YAML file for an option (STRUCTURED_FILE_RULE); a usage error names the option. */
export function readStructuredFile(options: { path: string; option: string }): unknown {
  const text = readOptionText(options);
  const format = structuredFormatOf({ path: options.path, text });
  try {
    return format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw usageError(
      `${options.option}: ${options.path} is not valid ${format === "json" ? "JSON" : "YAML"}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Contracted rates from `--rates FILE`, validated by the pricing package (errors name the path inside the file). */
export function loadRatesFile(path: string): ContractedRates {
  const document = readStructuredFile({ path, option: "--rates" });
  try {
    return parseContractedRates(document, { where: path });
  } catch (error) {
    throw usageError(`--rates: ${(error as Error).message}`, { cause: error });
  }
}
