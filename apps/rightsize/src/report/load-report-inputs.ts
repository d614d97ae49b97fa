import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { loadPolicyFile, type Policy } from "@rightsize/policy";
import { type ContractedRates, parseContractedRates } from "@rightsize/pricing";
import { parse as parseYaml } from "yaml";
import { CliUsageError } from "../cli-error.js";

/** Reads a JSON or YAML file (by extension; YAML otherwise) for an option, naming the option on error. */
export async function readStructuredFile(options: { path: string; option: string }): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(options.path, "utf8");
  } catch (error) {
    throw new CliUsageError(`${options.option}: cannot read ${options.path}: ${(error as Error).message}`);
  }
  try {
    return extname(options.path).toLowerCase() === ".json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CliUsageError(
      `${options.option}: ${options.path} is not valid JSON or YAML: ${(error as Error).message}`,
    );
  }
}

/** The candidate policy from `--policy`, validated (errors name the path inside the file). */
export async function loadPolicyOption(path: string): Promise<Policy> {
  try {
    return await loadPolicyFile(path);
  } catch (error) {
    throw new CliUsageError(`--policy: ${(error as Error).message}`);
  }
}

/** Contracted rates from `--rates`, validated by the pricing package. */
export async function loadRatesOption(path: string): Promise<ContractedRates> {
  const document = await readStructuredFile({ path, option: "--rates" });
  try {
    return parseContractedRates(document, { where: path });
  } catch (error) {
    throw new CliUsageError(`--rates: ${(error as Error).message}`);
  }
}
