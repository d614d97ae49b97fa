import { picoToDecimalUsd } from "@rightsize/contracts";
import type { Charge, ReportFigures } from "./report-figures.js";

/** FOCUS 1.2 mandatory columns, then the conditional ones we fill, then our x_ extensions. */
export const FOCUS_COLUMNS = [
  "BilledCost",
  "EffectiveCost",
  "ListCost",
  "ContractedCost",
  "BillingAccountId",
  "BillingAccountName",
  "BillingCurrency",
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "ChargeCategory",
  "ChargeClass",
  "ChargeDescription",
  "InvoiceIssuerName",
  "ProviderName",
  "PublisherName",
  "PricingQuantity",
  "PricingUnit",
  "ServiceCategory",
  "ServiceName",
  "ConsumedQuantity",
  "ConsumedUnit",
  "SkuId",
  "SkuPriceId",
  "ListUnitPrice",
  "ContractedUnitPrice",
  "x_TokenType",
  "x_ServiceTier",
  "x_TaskType",
  "x_Tier",
  "x_PolicyName",
  "x_PolicyVersion",
] as const;

const ITEM_LABELS: Record<Charge["item"], string> = {
  input: "input tokens",
  cache_write_5m: "5-minute cache write tokens",
  cache_write_1h: "1-hour cache write tokens",
  cache_read: "cache read tokens",
  output: "output tokens",
  web_search: "web searches",
};

/**
 * The FinOps FOCUS 1.2 CSV of a report's actual charges: one row per (day, model, token type,
 * service tier) further split by task type and tier. Costs are exact decimal USD from the
 * pico-dollar figures; BilledCost/EffectiveCost are the contracted cost (= list without rates).
 * @example await writeFile("focus.csv", toFocusCsv({ figures }));
 */
export function toFocusCsv(options: {
  figures: ReportFigures;
  billingAccountId?: string;
  billingAccountName?: string;
}): string {
  const { figures } = options;
  const lines = [FOCUS_COLUMNS.join(",")];
  for (const charge of figures.charges) {
    const month = charge.date.slice(0, 7);
    const billed = picoToDecimalUsd(charge.contractedCost.pico);
    const unit = charge.item === "web_search" ? "Requests" : "Tokens";
    const row: Record<(typeof FOCUS_COLUMNS)[number], string> = {
      BilledCost: billed,
      EffectiveCost: billed,
      ListCost: picoToDecimalUsd(charge.listCost.pico),
      ContractedCost: billed,
      BillingAccountId: options.billingAccountId ?? "anthropic-organization",
      BillingAccountName: options.billingAccountName ?? "Anthropic organization",
      BillingCurrency: "USD",
      BillingPeriodStart: `${month}-01T00:00:00Z`,
      BillingPeriodEnd: `${nextMonth(month)}-01T00:00:00Z`,
      ChargePeriodStart: `${charge.date}T00:00:00Z`,
      ChargePeriodEnd: `${nextDay(charge.date)}T00:00:00Z`,
      ChargeCategory: "Usage",
      ChargeClass: "",
      ChargeDescription: `${charge.model} ${ITEM_LABELS[charge.item]} (${charge.serviceTier})`,
      InvoiceIssuerName: "Anthropic",
      ProviderName: "Anthropic",
      PublisherName: "Anthropic",
      PricingQuantity: String(charge.quantity),
      PricingUnit: unit,
      ServiceCategory: "AI and Machine Learning",
      ServiceName: "Claude API",
      ConsumedQuantity: String(charge.quantity),
      ConsumedUnit: unit,
      SkuId: `${charge.model}:${charge.item}`,
      SkuPriceId: `${charge.model}:${charge.item}:${charge.serviceTier}:${figures.priceBook.version}`,
      ListUnitPrice: picoToDecimalUsd(charge.listUnitPrice),
      ContractedUnitPrice: picoToDecimalUsd(charge.contractedUnitPrice),
      x_TokenType: charge.item,
      x_ServiceTier: charge.serviceTier,
      x_TaskType: charge.taskType,
      x_Tier: charge.tier,
      x_PolicyName: figures.policy.name,
      x_PolicyVersion: figures.policy.version,
    };
    lines.push(FOCUS_COLUMNS.map((column) => csvCell(row[column])).join(","));
  }
  return `${lines.join("\n")}\n`;
}

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7));
  return index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, "0")}`;
}
