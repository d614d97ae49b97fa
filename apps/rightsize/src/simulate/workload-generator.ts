import { fillerText, systemPromptFor } from "./prompt-text.js";
import { createSeededRandom, type SeededRandom } from "./seeded-random.js";
import type { Workload } from "./workload-schema.js";

const DAY_MS = 86_400_000;

/** One request of the simulated workload: what a service would send, plus the facts it knows. */
export interface SimulatedRequest {
  /** Stable id, e.g. "d017-000123". */
  id: string;
  /** Simulated epoch milliseconds. */
  at: number;
  day: string;
  taskType: string;
  tenant: string;
  feature: string;
  stakes: "low" | "normal" | "high";
  asyncEligible: boolean;
  hard: boolean;
  difficulty: number;
  structured: boolean;
  system: string;
  userText: string;
  requestedMaxTokens: number;
}

/** Requests on day `index` (0-based) before noise: growth and weekday seasonality. */
export function expectedRequestsOnDay(workload: Workload, index: number): number {
  const start = Date.parse(`${workload.period.start}T00:00:00Z`);
  const weekday = (new Date(start + index * DAY_MS).getUTCDay() + 6) % 7; // Monday = 0
  const weekdayMean = workload.weekly.slice(0, 5).reduce((sum, value) => sum + value, 0) / 5;
  const growth = (1 + workload.growthOverPeriod) ** (index / workload.period.days);
  return (workload.requestsPerDay * growth * (workload.weekly[weekday] ?? 1)) / weekdayMean;
}

/**
 * The workload, day by day, each day's requests in time order. Deterministic for a seed;
 * generated lazily so a long period never sits in memory at once.
 */
export function* generateWorkload(workload: Workload): Generator<SimulatedRequest[]> {
  const random = createSeededRandom(workload.seed);
  const systems = new Map<string, string>();
  for (const [taskType, profile] of Object.entries(workload.taskTypes)) {
    const systemRandom = createSeededRandom(workload.seed ^ hash(taskType));
    systems.set(
      taskType,
      systemPromptFor({
        random: systemRandom,
        taskType,
        feature: profile.feature,
        tokens: profile.systemTokens,
        structured: profile.structured,
      }),
    );
  }
  const taskEntries = Object.entries(workload.taskTypes).map(
    ([name, profile]) => [name, profile.share] as const,
  );
  const tenantEntries = workload.tenants.map((tenant) => [tenant.name, tenant.share] as const);
  const hourEntries = workload.hourly.map((weight, hour) => [hour, weight] as const);
  const start = Date.parse(`${workload.period.start}T00:00:00Z`);

  for (let index = 0; index < workload.period.days; index++) {
    const dayStart = start + index * DAY_MS;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    // ±6% day-to-day noise around the seasonal expectation.
    const count = Math.max(
      0,
      Math.round(expectedRequestsOnDay(workload, index) * random.between(0.94, 1.06)),
    );
    const requests: SimulatedRequest[] = [];
    for (let number = 0; number < count; number++) {
      const taskType = random.pick(taskEntries);
      const profile = workload.taskTypes[taskType]!;
      const hard = random.next() < profile.hardShare;
      const difficulty = hard
        ? random.between(0.8, 0.98)
        : random.between(profile.difficulty[0], profile.difficulty[1]);
      const hour = random.pick(hourEntries);
      requests.push({
        id: `d${String(index).padStart(3, "0")}-${String(number).padStart(6, "0")}`,
        at: dayStart + hour * 3_600_000 + Math.floor(random.next() * 3_600_000),
        day,
        taskType,
        tenant: random.pick(tenantEntries),
        feature: profile.feature,
        stakes: profile.stakes,
        asyncEligible: random.next() < profile.asyncShare,
        hard,
        difficulty: Math.round(difficulty * 1000) / 1000,
        structured: profile.structured,
        system: systems.get(taskType)!,
        userText: userTextFor(random, {
          taskType: profile.emulatorTask ?? taskType,
          difficulty,
          tokens: profile.userTokens,
        }),
        requestedMaxTokens: workload.requestedMaxTokens,
      });
    }
    requests.sort((left, right) => left.at - right.at);
    yield requests;
  }
}

function userTextFor(
  random: SeededRandom,
  text: { taskType: string; difficulty: number; tokens: readonly [number, number] },
): string {
  const { taskType, difficulty, tokens } = text;
  // The inline hint tells the emulator the task type and difficulty (batch requests carry no headers).
  const hint = `[[emulator task=${taskType} difficulty=${difficulty.toFixed(3)}]]`;
  return `${hint}\n${fillerText(random, random.integer(tokens[0], tokens[1]))}`;
}

function hash(text: string): number {
  let value = 2166136261;
  for (let index = 0; index < text.length; index++)
    value = Math.imul(value ^ text.charCodeAt(index), 16777619);
  return value >>> 0;
}
