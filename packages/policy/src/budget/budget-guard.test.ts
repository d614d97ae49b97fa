import { describe, expect, it } from "vitest";
import { createBudgetGuard } from "./budget-guard.js";
import { periodEndMs, periodLabel } from "./budget-period.js";
import { createMemoryBudgetStore } from "./memory-budget-store.js";

const usd = (dollars: number) => BigInt(dollars) * 1_000_000_000_000n;
const dayStart = Date.UTC(2026, 10, 14);

function setup(limits: Parameters<typeof createBudgetGuard>[0]["limits"], admission: "room" | "fit" = "fit") {
  let clock = dayStart + 3_600_000;
  const now = () => clock;
  const store = createMemoryBudgetStore({ now });
  const guard = createBudgetGuard({ store, limits, now, admission });
  return { guard, store, advance: (ms: number) => (clock += ms) };
}

describe("budget periods", () => {
  it("labels UTC days and months and ends them at the next UTC midnight", () => {
    const at = Date.UTC(2026, 11, 31, 23, 59, 59);
    expect(periodLabel({ period: "day", at })).toBe("2026-12-31");
    expect(periodLabel({ period: "month", at })).toBe("2026-12");
    expect(periodEndMs({ period: "day", at })).toBe(Date.UTC(2027, 0, 1));
    expect(periodEndMs({ period: "month", at })).toBe(Date.UTC(2027, 0, 1));
    expect(periodLabel({ period: "day", at: Date.UTC(2026, 1, 3) })).toBe("2026-02-03");
  });
});

describe("budget guard over the memory store", () => {
  it("reserves up to the cap exactly and refuses the request that would pass it", async () => {
    const { guard } = setup([{ scope: "tenant", period: "day", limit: usd(1) }]);
    const facts = { tenant: "acme" };
    const amount = 300_000_000_000; // $0.30
    const results = [];
    for (let index = 0; index < 4; index++) {
      results.push(await guard.reserve({ reservationId: `r${index}`, facts, amount }));
    }
    expect(results.map((result) => result.kind)).toEqual(["reserved", "reserved", "reserved", "exhausted"]);
    expect(results[3]).toMatchObject({
      scope: "tenant",
      subject: "acme",
      committed: 900_000_000_000n,
      limit: usd(1),
    });
    const [status] = await guard.status({ facts });
    expect(status).toMatchObject({
      label: "2026-11-14",
      committed: 900_000_000_000n,
      remaining: 100_000_000_000n,
    });
  });

  it("settles to the actual cost and releases failed calls, freeing room", async () => {
    const { guard } = setup([{ scope: "tenant", period: "day", limit: usd(1) }]);
    const facts = { tenant: "acme" };
    const first = await guard.reserve({ reservationId: "a", facts, amount: 600_000_000_000 });
    if (first.kind !== "reserved") throw new Error("expected a reservation");
    expect((await guard.reserve({ reservationId: "b", facts, amount: 600_000_000_000 })).kind).toBe(
      "exhausted",
    );
    expect(await guard.settle({ reservation: first.reservation, actual: 100_000_000_000 })).toBe("held");
    const second = await guard.reserve({ reservationId: "c", facts, amount: 600_000_000_000 });
    expect(second.kind).toBe("reserved");
    if (second.kind === "reserved") await guard.release({ reservation: second.reservation });
    const [status] = await guard.status({ facts });
    expect(status?.committed).toBe(100_000_000_000n);
  });

  it("is all-or-nothing across scopes: a refusal on one leaves the others untouched", async () => {
    const { guard } = setup([
      { scope: "tenant", period: "month", limit: usd(100) },
      { scope: "feature", period: "day", limit: usd(1) },
    ]);
    const facts = { tenant: "acme", feature: "search" };
    expect((await guard.reserve({ reservationId: "a", facts, amount: 900_000_000_000 })).kind).toBe(
      "reserved",
    );
    const refused = await guard.reserve({ reservationId: "b", facts, amount: 200_000_000_000 });
    expect(refused).toMatchObject({ kind: "exhausted", scope: "feature", period: "day" });
    const status = await guard.status({ facts });
    expect(status.map((entry) => entry.committed)).toEqual([900_000_000_000n, 900_000_000_000n]);
  });

  it("gives a subject-specific limit precedence over the scope-wide one", async () => {
    const { guard } = setup([
      { scope: "tenant", period: "day", limit: usd(1) },
      { scope: "tenant", period: "day", limit: usd(500), subject: "vip" },
    ]);
    expect((await guard.reserve({ reservationId: "a", facts: { tenant: "vip" }, amount: 2e12 })).kind).toBe(
      "reserved",
    );
    expect((await guard.reserve({ reservationId: "b", facts: { tenant: "other" }, amount: 2e12 })).kind).toBe(
      "exhausted",
    );
    expect((await guard.reserve({ reservationId: "c", facts: {}, amount: 2e12 })).kind).toBe("unbudgeted");
  });

  it("returns the holds of dead callers after they lapse, and still charges a late settle", async () => {
    const { guard, advance } = setup([{ scope: "apiKey", period: "day", limit: usd(1) }]);
    const facts = { apiKeyId: "key one" };
    const held = await guard.reserve({ reservationId: "a", facts, amount: 800_000_000_000, holdMs: 1_000 });
    advance(1_001);
    // The next reserve sweeps the lapsed hold, so this one fits.
    expect((await guard.reserve({ reservationId: "b", facts, amount: 800_000_000_000 })).kind).toBe(
      "reserved",
    );
    if (held.kind !== "reserved") throw new Error("expected a reservation");
    expect(await guard.settle({ reservation: held.reservation, actual: 50_000_000_000 })).toBe("lapsed");
    const [status] = await guard.status({ facts });
    expect(status?.committed).toBe(850_000_000_000n);
  });

  it("starts each new day from zero", async () => {
    const { guard, advance } = setup([{ scope: "tenant", period: "day", limit: usd(1) }]);
    const facts = { tenant: "acme" };
    expect((await guard.reserve({ reservationId: "a", facts, amount: 1e12 })).kind).toBe("reserved");
    expect((await guard.reserve({ reservationId: "b", facts, amount: 1 })).kind).toBe("exhausted");
    advance(86_400_000);
    expect((await guard.reserve({ reservationId: "c", facts, amount: 1e12 })).kind).toBe("reserved");
  });

  it("rejects amounts that are not whole pico-dollars", async () => {
    const { guard } = setup([{ scope: "tenant", period: "day", limit: usd(1) }]);
    await expect(guard.reserve({ reservationId: "a", facts: { tenant: "x" }, amount: 1.5 })).rejects.toThrow(
      /non-negative safe integer/,
    );
  });

  it("admission room: admits any worst case while the budget has room, then refuses", async () => {
    const { guard } = setup([{ scope: "tenant", period: "day", limit: usd(1) }], "room");
    const facts = { tenant: "acme" };
    // A $5 worst case against $1 of room: admitted (the spend can pass by this one hold).
    const big = await guard.reserve({ reservationId: "a", facts, amount: 5e12 });
    expect(big.kind).toBe("reserved");
    expect((await guard.reserve({ reservationId: "b", facts, amount: 1 })).kind).toBe("exhausted");
    if (big.kind !== "reserved") throw new Error("unreachable");
    await guard.settle({ reservation: big.reservation, actual: 100_000_000_000 }); // spent $0.10
    expect((await guard.reserve({ reservationId: "c", facts, amount: 5e12 })).kind).toBe("reserved");
  });

  it("counts a settle retried after a timeout once", async () => {
    const { guard } = setup([{ scope: "tenant", period: "day", limit: usd(1) }], "room");
    const facts = { tenant: "acme" };
    const held = await guard.reserve({ reservationId: "a", facts, amount: 10 });
    if (held.kind !== "reserved") throw new Error("unreachable");
    expect(await guard.settle({ reservation: held.reservation, actual: 7 })).toBe("held");
    expect(await guard.settle({ reservation: held.reservation, actual: 7 })).toBe("duplicate");
    const [status] = await guard.status({ facts });
    expect(status?.committed).toBe(7n);
  });
});
