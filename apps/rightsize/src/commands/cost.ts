import {
  type AnthropicUsage,
  anthropicUsageOf,
  formatUsd,
  formatUsdPerMillion,
  type TokenCounts,
} from "@rightsize/contracts";
import {
  type ContractedRates,
  type CostBreakdown,
  cost,
  defaultPriceBook,
  listModels,
  PricingError,
  PricingErrorCode,
  parseContractedRates,
  parseUsageRecords,
  priceBookVersion,
  priceUsageRecords,
  rateCard,
} from "@rightsize/pricing";
import { type Command, InvalidArgumentError, Option } from "commander";
import { isUsageError, usageError } from "../cli-error.js";
import { loadRatesFile, readOptionText, STRUCTURED_FILE_RULE } from "../option-files.js";
import { formatTable, printJson } from "../output.js";

/** The command's options as commander names them after the flags (`--input`, `--web-searches`, ...). */
interface CostCommandOptions {
  model?: string;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite5m?: number;
  cacheWrite1h?: number;
  webSearches?: number;
  batch?: boolean;
  geo?: "us" | "global";
  fast?: boolean;
  at?: string;
  requests: number;
  discount?: string;
  rates?: string;
  usage?: string;
  json?: boolean;
}

/** Shared pricing context of one invocation. */
interface PricingContext {
  at: string | undefined;
  geo: "us" | "global" | undefined;
  speed: "fast" | undefined;
  rates: ContractedRates | undefined;
}

/** "5000", "5,000", "5_000", "5k", "1.5M" → integer; anything else is a usage error (exit 2). */
function tokenCount(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.replace(/[,_]/g, ""));
  const scale = match?.[2] ? (match[2].toLowerCase() === "k" ? 1e3 : 1e6) : 1;
  const value = match ? Number(match[1]) * scale : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`expected a non-negative whole number (5000, 5k, 1.5M), got "${text}"`);
  }
  return value;
}

function positiveCount(text: string): number {
  const value = tokenCount(text);
  if (value < 1) throw new InvalidArgumentError(`expected at least 1, got "${text}"`);
  return value;
}

/** `rightsize cost`: itemized exact cost of a request (or a usage file), and `cost models`. */
export function registerCostCommand(program: Command): void {
  const command = program
    .command("cost")
    .description(
      "Price one request (or a usage file) exactly from the price book; `cost models` lists the book",
    )
    .option("-m, --model <id>", "model id or alias (e.g. claude-haiku-4-5)")
    .option("--input <n>", "uncached input tokens", tokenCount)
    .option("--output <n>", "output tokens (thinking included)", tokenCount)
    .option("--cache-read <n>", "cache-read input tokens", tokenCount)
    .option("--cache-write-5m <n>", "5-minute cache-write tokens", tokenCount)
    .option("--cache-write-1h <n>", "1-hour cache-write tokens", tokenCount)
    .option("--web-searches <n>", "web search requests ($10 per 1,000)", tokenCount)
    .option("--batch", "Batch API (50% off every token type)")
    .addOption(
      new Option("--geo <geo>", "inference geography (us: 1.1x on Claude 4.6+)").choices(["us", "global"]),
    )
    .option("--fast", "fast mode (speed: fast) where the model has it")
    .option("--at <date>", "price on this day (YYYY-MM-DD or ISO timestamp; default today, UTC)")
    .option("-n, --requests <n>", "also show the cost of this many identical requests", positiveCount, 1)
    .option("--discount <percent>", "contracted discount off list prices, e.g. 12.5")
    .option("--rates <file>", "contracted rates file: discounts and/or per-model rates (see Files below)")
    .option(
      "--usage <file>",
      "price a JSON usage object / response, or a JSONL file of them, instead of flags",
    )
    .option("--json", "print JSON only")
    .addHelpText(
      "after",
      "\nExamples:\n  rightsize cost -m claude-opus-4-7 --input 5k --output 2k --requests 1M\n" +
        "  rightsize cost -m claude-haiku-4-5 --input 2000 --output 500 --batch --discount 10\n" +
        "  rightsize cost --usage responses.jsonl --rates contract.yaml --json\n  rightsize cost models\n" +
        `\nFiles: --rates is ${STRUCTURED_FILE_RULE}.`,
    )
    .action((options: CostCommandOptions) => {
      runCost(options);
    });
  command
    .command("models")
    .description("List the price book: ids, aliases, lifecycle, context, max output, list rates per MTok")
    .option("--at <date>", "show rates in effect on this day (default today, UTC)")
    .option("--json", "print JSON only")
    .action((_options: unknown, models: Command) => {
      // The root program parses `cost models --json` as options of `cost`: read both levels.
      runModels(models.optsWithGlobals<{ at?: string; json?: boolean }>());
    });
}

function contractedRatesOf(options: CostCommandOptions): ContractedRates | undefined {
  if (options.discount !== undefined && options.rates !== undefined) {
    throw usageError("use either --discount or --rates, not both");
  }
  try {
    if (options.discount !== undefined) {
      return parseContractedRates(
        { discounts: [{ percent: options.discount.replace(/%$/, "") }] },
        { where: "--discount" },
      );
    }
    if (options.rates === undefined) return undefined;
    return loadRatesFile(options.rates);
  } catch (error) {
    if (isUsageError(error)) throw error;
    throw usageError(error instanceof Error ? error.message : String(error));
  }
}

function runCost(options: CostCommandOptions): void {
  const context: PricingContext = {
    at: options.at,
    geo: options.geo,
    speed: options.fast ? "fast" : undefined,
    rates: contractedRatesOf(options),
  };
  if (options.usage !== undefined) {
    const flags = ["input", "output", "cacheRead", "cacheWrite5m", "cacheWrite1h", "webSearches"] as const;
    if (flags.some((flag) => options[flag] !== undefined)) {
      throw usageError(
        "--usage reads token counts from the file; drop --input/--output/--cache-*/--web-searches",
      );
    }
    priceUsageFile(options, context);
    return;
  }
  if (options.model === undefined) throw usageError("--model is required (or --usage FILE)");
  const counts: TokenCounts = {
    uncachedInput: options.input ?? 0,
    cacheWrite5m: options.cacheWrite5m ?? 0,
    cacheWrite1h: options.cacheWrite1h ?? 0,
    cacheRead: options.cacheRead ?? 0,
    output: options.output ?? 0,
    webSearchRequests: options.webSearches ?? 0,
  };
  const usage: AnthropicUsage = {
    ...anthropicUsageOf(counts),
    service_tier: options.batch ? "batch" : "standard",
  };
  const breakdown = cost({ model: options.model, usage, ...context });
  const requests = BigInt(options.requests);
  const total = {
    list: BigInt(breakdown.list) * requests,
    contracted: BigInt(breakdown.contracted) * requests,
  };
  if (options.json) {
    printJson({
      priceBook: priceBookVersion,
      perRequest: { ...breakdown, listUsd: usd(breakdown.list), contractedUsd: usd(breakdown.contracted) },
      requests: options.requests,
      total: amounts(total.list, total.contracted),
    });
    return;
  }
  process.stdout.write(
    `${describe(breakdown)}\n\n${itemizedTable(breakdown, options.requests, context.rates !== undefined)}\n`,
  );
  const notes = notesOf(breakdown);
  if (notes) process.stdout.write(`\n${notes}\n`);
}

/** Exact decimal USD string for JSON (12 decimals: nothing is rounded away). */
function usd(pico: number | bigint): string {
  return formatUsd(pico, { decimals: 12 }).replace(/[$,]/g, "");
}

/** Exact amounts for JSON: pico-dollars as strings (bigint) and USD decimal strings. */
function amounts(list: bigint, contracted: bigint) {
  return {
    listPico: String(list),
    contractedPico: String(contracted),
    listUsd: usd(list),
    contractedUsd: usd(contracted),
  };
}

function describe(breakdown: CostBreakdown): string {
  const modifiers = [
    breakdown.band === "standard" ? "standard band" : `${breakdown.band} band`,
    breakdown.modifiers.batch ? "batch (x0.5)" : undefined,
    breakdown.modifiers.usResidency ? "US residency (x1.1)" : undefined,
    breakdown.modifiers.fast ? "fast mode" : undefined,
  ].filter(Boolean);
  return `${breakdown.model}, rates of ${breakdown.pricedAt} (price book ${priceBookVersion}): ${modifiers.join(", ")}`;
}

function itemizedTable(breakdown: CostBreakdown, requests: number, contracted: boolean): string {
  const many = requests > 1;
  const times = BigInt(requests);
  const headers = ["item", "quantity", "list rate", "per request"];
  if (many) headers.push(`x ${requests.toLocaleString("en-US")}`);
  if (contracted)
    headers.push(
      "contracted rate",
      "contracted/request",
      ...(many ? [`contracted x ${requests.toLocaleString("en-US")}`] : []),
    );
  const rate = (item: string, unit: number) =>
    item === "web_search" ? `${formatUsd(BigInt(unit) * 1000n)}/1K` : `${formatUsdPerMillion(unit)}/MTok`;
  const row = (cells: {
    label: string;
    quantity: string;
    listRate: string;
    list: number;
    contractedRate: string;
    contracted: number;
  }) => {
    const cellsOut = [cells.label, cells.quantity, cells.listRate, formatUsd(cells.list, { decimals: 6 })];
    if (many) cellsOut.push(formatUsd(BigInt(cells.list) * times));
    if (contracted) {
      cellsOut.push(cells.contractedRate, formatUsd(cells.contracted, { decimals: 6 }));
      if (many) cellsOut.push(formatUsd(BigInt(cells.contracted) * times));
    }
    return cellsOut;
  };
  const rows = breakdown.lines.map((line) =>
    row({
      label: line.item,
      quantity: line.quantity.toLocaleString("en-US"),
      listRate: rate(line.item, line.listUnitPrice),
      list: line.list,
      contractedRate: rate(line.item, line.contractedUnitPrice),
      contracted: line.contracted,
    }),
  );
  rows.push(
    row({
      label: "total",
      quantity: "",
      listRate: "",
      list: breakdown.list,
      contractedRate: "",
      contracted: breakdown.contracted,
    }),
  );
  return formatTable(headers, rows);
}

function notesOf(breakdown: CostBreakdown): string {
  const sources = breakdown.sources.map((id) => defaultPriceBook.data.sources[id]?.title ?? id).join("; ");
  const unconfirmed = breakdown.confirmed
    ? ""
    : "Note: some rates used are unconfirmed (third-party or derived).\n";
  return `${unconfirmed}Sources: ${sources}`;
}

function priceUsageFile(options: CostCommandOptions, context: PricingContext): void {
  const path = options.usage!;
  const parsed = parseUsageRecords({ text: readOptionText({ path, option: "--usage" }) });
  const priced = priceUsageRecords({
    records: parsed.records,
    model: options.model,
    batch: options.batch,
    ...context,
  });
  const invalid = [...parsed.invalid, ...priced.invalid].sort((left, right) => left.line - right.line);
  const models = priced.byModel;
  const total = priced.total;
  if (options.json) {
    printJson({
      priceBook: priceBookVersion,
      file: path,
      priced: total.requests,
      skipped: parsed.skipped,
      invalid: { count: invalid.length, first: invalid.slice(0, 20) },
      byModel: models.map(({ list, contracted, ...entry }) => ({ ...entry, ...amounts(list, contracted) })),
      total: { requests: total.requests, ...amounts(total.list, total.contracted) },
    });
  } else {
    const contracted = context.rates !== undefined;
    const headers = [
      "model",
      "requests",
      "prompt tokens",
      "output tokens",
      "list",
      ...(contracted ? ["contracted"] : []),
    ];
    const row = (
      label: string,
      entry: {
        requests: number;
        promptTokens?: number;
        outputTokens?: number;
        list: bigint;
        contracted: bigint;
      },
    ) => [
      label,
      entry.requests.toLocaleString("en-US"),
      entry.promptTokens?.toLocaleString("en-US") ?? "",
      entry.outputTokens?.toLocaleString("en-US") ?? "",
      formatUsd(entry.list, { decimals: 4 }),
      ...(contracted ? [formatUsd(entry.contracted, { decimals: 4 })] : []),
    ];
    const rows = [...models.map((entry) => row(entry.model, entry)), row("total", total)];
    const skipped = parsed.skipped > 0 ? `, ${parsed.skipped} unbilled batch results skipped` : "";
    process.stdout.write(
      `${path}: ${total.requests.toLocaleString("en-US")} priced${skipped}\n\n${formatTable(headers, rows)}\n`,
    );
  }
  if (invalid.length > 0) {
    const shown = invalid.slice(0, 5).map((entry) => `  line ${entry.line}: ${entry.message}`);
    const more = invalid.length > 5 ? [`  ... and ${invalid.length - 5} more`] : [];
    if (options.model === undefined && priced.invalid.some((entry) => entry.message.startsWith("no model"))) {
      more.push("  (records without a model need --model)");
    }
    process.stderr.write(
      [`${invalid.length} record(s) of ${path} could not be priced:`, ...shown, ...more, ""].join("\n"),
    );
    throw new PricingError({
      code: PricingErrorCode.invalidUsage,
      message: `${invalid.length} record(s) could not be priced; totals above cover the other ${total.requests}`,
    });
  }
  if (total.requests === 0) throw usageError(`--usage ${path}: no usage records found`);
}

function runModels(options: { at?: string; json?: boolean }): void {
  const models = listModels();
  const today = options.at ?? new Date().toISOString().slice(0, 10);
  const rows = models.map((model) => {
    // Retired models show the last rates they were billed at.
    const at = model.retiredAt !== null && model.retiredAt <= today ? dayBefore(model.retiredAt) : today;
    let card: ReturnType<typeof rateCard> | undefined;
    try {
      card = rateCard({ model: model.id, at });
    } catch (error) {
      if (!PricingError.isInstance(error)) throw error;
    }
    return { model, at, card };
  });
  if (options.json) {
    printJson(
      rows.map(({ model, at, card }) => ({
        ...model,
        ratesAt: card ? at : null,
        rates: card ?? null,
        usdPerMTok: card
          ? Object.fromEntries(
              Object.entries(card).map(([key, value]) => [key, formatUsdPerMillion(value).slice(1)]),
            )
          : null,
        entry: defaultPriceBook.data.models.find((entry) => entry.id === model.id),
      })),
    );
    return;
  }
  const count = (tokens: number) => (tokens >= 1e6 ? `${tokens / 1e6}M` : `${Math.round(tokens / 1000)}K`);
  const rate = (value: number | undefined) =>
    value === undefined ? "-" : formatUsdPerMillion(value).slice(1);
  const table = formatTable(
    ["model", "aliases", "status", "context", "max out", "in", "w5m", "w1h", "read", "out", "also"],
    rows.map(({ model, card }) => [
      model.id,
      model.aliases.join(", "),
      lifecycle(model.status, model.retiredAt, today),
      count(model.contextWindow),
      count(model.maxOutputTokens),
      rate(card?.input),
      rate(card?.cacheWrite5m),
      rate(card?.cacheWrite1h),
      rate(card?.cacheRead),
      rate(card?.output),
      extrasOf(model.id, model.confirmed, today),
    ]),
  );
  process.stdout.write(
    `Price book ${priceBookVersion}: list rates in USD per million tokens on ${today} (retired: last rates)\n\n${table}\n`,
  );
}

/** Bands, fast mode and confirmation of a model, in a few words. */
function extrasOf(id: string, confirmed: boolean, today: string): string {
  const entry = defaultPriceBook.data.models.find((candidate) => candidate.id === id);
  const extras: string[] = [];
  for (const band of entry?.bands ?? []) {
    if (band.until !== null && band.until < today) continue;
    extras.push(`>${band.promptTokensOver / 1000}K prompt: ${band.rates.input}/${band.rates.output}`);
  }
  const fast = entry?.fast.at(-1);
  if (fast) extras.push(`fast ${fast.input}/${fast.output}`);
  if (!confirmed) extras.push("unconfirmed");
  return extras.join("; ");
}

function lifecycle(status: string, retiredAt: string | null, today: string): string {
  if (retiredAt === null) return status;
  if (retiredAt <= today) return `retired ${retiredAt}`;
  // Listing an earlier day: a model retired since then was still serving.
  return status === "retired" ? `retires ${retiredAt}` : `${status}, retires ${retiredAt}`;
}

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
