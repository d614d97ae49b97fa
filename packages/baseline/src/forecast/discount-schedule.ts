import { usdToPico } from "@rightsize/contracts";
import { z } from "zod";
import { BaselineError, BaselineErrorCode } from "../errors.js";

/**
 * What a commitment buys: the discount off list prices at each committed annual amount, and the
 * rate usage above the commitment is billed at. Read from `--discounts FILE`; without one the
 * report uses DEFAULT_DISCOUNT_SCHEDULE and labels it an assumption.
 */
export interface DiscountSchedule {
  /** Where the schedule came from (a quote, a file), shown in the report. */
  source: string;
  /** True for the built-in schedule: the PDF labels every figure priced with it as an assumption. */
  assumed: boolean;
  /** Overage (usage above the commitment) billed at list prices, or at the committed discount. */
  overage: "list" | "discounted";
  /** Ascending by minimum; the first starts at 0. Discounts in basis points (1250 = 12.5%). */
  tiers: ReadonlyArray<{ minCommitPico: bigint; discountBasisPoints: number }>;
}

/**
 * The built-in schedule: an ASSUMPTION for illustration, not Anthropic's terms (Anthropic does
 * not publish volume discounts; enterprise commitments are negotiated). Shaped like common
 * committed-use schedules: nothing below $25K a year, rising to 15% at $1M.
 */
export const DEFAULT_DISCOUNT_SCHEDULE: DiscountSchedule = {
  source:
    "assumed illustrative schedule (not Anthropic's terms; give your quote with --discounts): " +
    "$25K/yr 3%, $50K 5%, $100K 8%, $250K 10%, $1M 15%; overage at list",
  assumed: true,
  overage: "list",
  tiers: [
    { minCommitPico: 0n, discountBasisPoints: 0 },
    { minCommitPico: usdToPico(25_000), discountBasisPoints: 300 },
    { minCommitPico: usdToPico(50_000), discountBasisPoints: 500 },
    { minCommitPico: usdToPico(100_000), discountBasisPoints: 800 },
    { minCommitPico: usdToPico(250_000), discountBasisPoints: 1000 },
    { minCommitPico: usdToPico(1_000_000), discountBasisPoints: 1500 },
  ],
};

const usdAmount = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d{1,12})?$/)]);

/** The file format of `--discounts` (JSON or YAML, read by the CLI). */
export const discountScheduleFileSchema = z.object({
  /** Where the figures come from, e.g. "Anthropic quote 2026-09-14". */
  source: z.string().min(1).optional(),
  overage: z.enum(["list", "discounted"]).default("list"),
  tiers: z
    .array(
      z.object({
        minCommitUsd: usdAmount,
        /** Percent off list, 0–100 (at most two decimals: 12.25). */
        discountPct: z.number().min(0).max(100),
      }),
    )
    .min(1),
});

/**
 * Validate a discount schedule read from a file; tiers are sorted by their minimum and a 0%
 * tier from $0 is added when the file starts higher. Throws BaselineError invalid_discounts
 * naming the field at fault.
 * @example parseDiscountSchedule({ tiers: [{ minCommitUsd: 100000, discountPct: 8 }] }, "quote.yaml")
 */
export function parseDiscountSchedule(value: unknown, origin: string): DiscountSchedule {
  const parsed = discountScheduleFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(root)";
    throw new BaselineError({
      code: BaselineErrorCode.invalidDiscounts,
      message: `discount schedule ${origin}: ${where}: ${issue?.message ?? "invalid"}`,
    });
  }
  const tiers = parsed.data.tiers
    .map((tier) => ({
      minCommitPico: usdToPico(tier.minCommitUsd),
      discountBasisPoints: Math.round(tier.discountPct * 100),
    }))
    .sort((left, right) => (left.minCommitPico < right.minCommitPico ? -1 : 1));
  if ((tiers[0]?.minCommitPico ?? 0n) > 0n) tiers.unshift({ minCommitPico: 0n, discountBasisPoints: 0 });
  return { source: parsed.data.source ?? origin, assumed: false, overage: parsed.data.overage, tiers };
}

/** The discount (basis points) a committed annual amount earns: the best tier it reaches. */
export function discountAt(schedule: DiscountSchedule, commitPico: bigint): number {
  let basisPoints = 0;
  for (const tier of schedule.tiers)
    if (commitPico >= tier.minCommitPico) basisPoints = tier.discountBasisPoints;
  return basisPoints;
}
