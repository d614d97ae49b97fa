import type { TierName } from "@rightsize/contracts";
import { PolicyError, PolicyErrorCode } from "../policy-error.js";
import {
  createMemoryFeedbackStore,
  type FeedbackStore,
  isStanding,
  type QualityVerdict,
} from "./feedback-store.js";
import { FlagWindow } from "./flag-window.js";
import type { FeedbackEvent, TierOverride } from "./tier-override.js";

/** A quality verdict on one response: `bad` flags it. */
export type Verdict = "good" | "bad";

export type FeedbackInput =
  | { requestId: string; verdict: Verdict }
  /** By task type: `tier` defaults to the tier that last served the task type. */
  | { taskType: string; tier?: TierName; verdict: Verdict };

export type FeedbackResult =
  | {
      ok: true;
      taskType: string;
      tier: TierName;
      samples: number;
      flagRate: number;
      /** Set when this verdict triggered a new override. */
      override?: TierOverride;
    }
  | { ok: false; reason: "unknown_request" | "unknown_tier"; message: string };

/** What the routed client reports about each completed request. */
export interface RequestRecord {
  requestId: string;
  /** The response's message id: feedback may name it instead of the request id. */
  messageId?: string | undefined;
  taskType: string;
  tier: TierName;
  escalated: boolean;
  overridden: boolean;
}

export interface HelpShare {
  requests: number;
  escalated: number;
  overridden: number;
  /** Requests that needed an override or an escalation (counted once). */
  needingHelp: number;
  /** needingHelp / requests, 0 when there are none. */
  share: number;
}

export interface FeedbackLoopOptions {
  /** Tiers cheapest first (a policy's tier order), or a function reading the current policy. */
  tiers: readonly TierName[] | (() => readonly TierName[]);
  /** Flag rate at or above which a task type moves up one tier: 0.2 by default. */
  threshold?: number;
  /** Verdicts needed in the window before acting: 20 by default. */
  minSamples?: number;
  /** Most recent verdicts considered: 200 by default. */
  windowSize?: number;
  /** Verdicts older than this are ignored: one hour by default. */
  windowMs?: number;
  /** `auto` applies overrides at once; `review` proposes them for `approve`. Default `auto`. */
  mode?: "auto" | "review";
  /** Request ids remembered for feedback by id: 100,000 by default (oldest forgotten first). */
  maxTrackedRequests?: number;
  /**
   * Where overrides and quality series live: in memory by default (this process alone);
   * `createRedisFeedbackStore` shares them with the fleet. Resolving a tier never waits for it:
   * the loop keeps a copy of the overrides, refreshed every `syncMs`.
   */
  store?: FeedbackStore;
  /** How often the overrides are read back from a shared store: 2 s by default (0: only on `sync()`). */
  syncMs?: number;
  /** Where a failed store read or write goes (default: ignored; the local copy keeps serving). */
  onStoreError?: (error: unknown) => void;
  now?: () => number;
}

/** What raises an override other than the flag rate: the continuous shadow eval's regression. */
export interface EscalateOptions {
  taskType: string;
  fromTier: TierName;
  /** The evidence in words (n, pass rate, bound, bar). */
  reason: string;
  samples: number;
  /** The failing share behind it (1 - pass rate). */
  flagRate: number;
  source?: TierOverride["source"];
}

/** The tally key of all task types together (a NUL cannot collide with a task type name). */
const ALL = "\u0000all";

interface Tally {
  requests: number;
  escalated: number;
  overridden: number;
  needingHelp: number;
}

/**
 * The quality feedback loop: verdicts on responses, per task type and tier, over a window;
 * when the flag rate crosses the threshold the task type is moved up one tier by an override
 * that can be reviewed and reverted, and an event is emitted. Also tracks the share of requests
 * that needed an override or an escalation.
 */
export class FeedbackLoop {
  readonly #options: Required<
    Omit<FeedbackLoopOptions, "tiers" | "now" | "store" | "syncMs" | "onStoreError">
  >;
  readonly #store: FeedbackStore;
  readonly #shared: boolean;
  readonly #onStoreError: (error: unknown) => void;
  readonly #writes = new Set<Promise<void>>();
  readonly #unwritten = new Set<string>();
  #syncTimer: ReturnType<typeof setInterval> | undefined;
  readonly #tiers: () => readonly TierName[];
  readonly #now: () => number;
  readonly #windows = new Map<string, FlagWindow>();
  readonly #requests = new Map<string, { taskType: string; tier: TierName }>();
  readonly #lastTier = new Map<string, TierName>();
  readonly #overrides: TierOverride[] = [];
  readonly #listeners = new Set<(event: FeedbackEvent) => void>();
  readonly #tallies = new Map<string, Tally>();
  #sequence = 0;

  /** The tiers the loop moves task types along, cheapest first (they must be the policy's). */
  get tiers(): readonly TierName[] {
    return this.#tiers();
  }

  constructor(options: FeedbackLoopOptions) {
    const tiers = options.tiers;
    this.#tiers = typeof tiers === "function" ? tiers : () => tiers;
    this.#now = options.now ?? Date.now;
    this.#shared = options.store !== undefined;
    this.#store = options.store ?? createMemoryFeedbackStore();
    this.#onStoreError = options.onStoreError ?? (() => {});
    const syncMs = options.syncMs ?? 2_000;
    if (this.#shared && syncMs > 0) {
      this.#syncTimer = setInterval(() => void this.sync().catch(this.#onStoreError), syncMs);
      this.#syncTimer.unref?.();
    }
    this.#options = {
      threshold: options.threshold ?? 0.2,
      minSamples: options.minSamples ?? 20,
      windowSize: options.windowSize ?? 200,
      windowMs: options.windowMs ?? 3_600_000,
      mode: options.mode ?? "auto",
      maxTrackedRequests: options.maxTrackedRequests ?? 100_000,
    };
    if (!(this.#options.threshold > 0 && this.#options.threshold <= 1)) {
      throw new PolicyError({
        code: PolicyErrorCode.invalidOption,
        message: `feedback threshold must be in (0, 1], got ${this.#options.threshold}`,
      });
    }
  }

  /** Subscribes to override events; returns the unsubscribe function. */
  subscribe(listener: (event: FeedbackEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called by the routed client for every completed request. */
  recordRequest(record: RequestRecord): void {
    const entry = { taskType: record.taskType, tier: record.tier };
    this.#remember(record.requestId, entry);
    if (record.messageId) this.#remember(record.messageId, entry);
    this.#lastTier.set(record.taskType, record.tier);
    for (const key of [record.taskType, ALL]) {
      const tally = this.#tallies.get(key) ?? { requests: 0, escalated: 0, overridden: 0, needingHelp: 0 };
      tally.requests++;
      if (record.escalated) tally.escalated++;
      if (record.overridden) tally.overridden++;
      if (record.escalated || record.overridden) tally.needingHelp++;
      this.#tallies.set(key, tally);
    }
  }

  /** Records a verdict; may trigger an override of the task type's tier. */
  feedback(input: FeedbackInput): FeedbackResult {
    let taskType: string;
    let tier: TierName | undefined;
    if ("requestId" in input) {
      const known = this.#requests.get(input.requestId);
      if (!known) {
        return {
          ok: false,
          reason: "unknown_request",
          message: `no routed request ${input.requestId} is remembered`,
        };
      }
      ({ taskType, tier } = known);
    } else {
      taskType = input.taskType;
      tier = input.tier ?? this.#lastTier.get(taskType);
    }
    if (!tier) {
      return {
        ok: false,
        reason: "unknown_tier",
        message: `no tier is known for task type "${taskType}"; pass one`,
      };
    }
    const at = this.#now();
    const window = this.#window(taskType, tier);
    window.add({ at, flagged: input.verdict === "bad" });
    const { samples, rate } = window.read(at);
    const result: FeedbackResult = { ok: true, taskType, tier, samples, flagRate: rate };
    if (samples >= this.#options.minSamples && rate >= this.#options.threshold) {
      const override = this.#raise({ taskType, fromTier: tier, flagRate: rate, samples, at });
      if (override) {
        window.clear();
        result.override = override;
      }
    }
    return result;
  }

  /** The tier a task type runs on after active overrides (followed transitively). */
  resolveTier(options: { taskType: string; tier: TierName }): { tier: TierName; overrides: TierOverride[] } {
    const applied: TierOverride[] = [];
    let tier = options.tier;
    for (let guard = 0; guard < 16; guard++) {
      const next = this.#overrides.find(
        (override) =>
          override.status === "active" &&
          override.taskType === options.taskType &&
          override.fromTier === tier,
      );
      if (!next) break;
      applied.push(next);
      tier = next.toTier;
    }
    return { tier, overrides: applied };
  }

  /** Every override, newest last (reverted and rejected ones stay listed for the record). */
  overrides(filter: { status?: TierOverride["status"] } = {}): TierOverride[] {
    return this.#overrides
      .filter((override) => !filter.status || override.status === filter.status)
      .map((o) => ({ ...o }));
  }

  /** Approves a proposed override (review mode). */
  approve(options: { id: string; note?: string }): TierOverride {
    const override = this.#find(options.id, "proposed");
    Object.assign(override, { status: "active", reviewedAt: this.#now(), note: options.note });
    this.#persist(override);
    this.#emit({ type: "override_applied", override: { ...override } });
    return { ...override };
  }

  /** Rejects a proposed override (review mode). */
  reject(options: { id: string; note?: string }): TierOverride {
    const override = this.#find(options.id, "proposed");
    Object.assign(override, { status: "rejected", reviewedAt: this.#now(), note: options.note });
    this.#persist(override);
    this.#emit({ type: "override_rejected", override: { ...override } });
    return { ...override };
  }

  /** Reverts an active override: the task type goes back to its tier, with a fresh window. */
  revert(options: { id: string; note?: string }): TierOverride {
    const override = this.#find(options.id, "active");
    Object.assign(override, { status: "reverted", revertedAt: this.#now(), note: options.note });
    this.#windows.delete(`${override.taskType}\u0000${override.fromTier}`);
    this.#persist(override);
    this.#emit({ type: "override_reverted", override: { ...override } });
    return { ...override };
  }

  /** Share of requests that needed an override or escalation: overall, or for one task type. */
  helpShare(options: { taskType?: string } = {}): HelpShare {
    const tally = this.#tallies.get(options.taskType ?? ALL) ?? {
      requests: 0,
      escalated: 0,
      overridden: 0,
      needingHelp: 0,
    };
    return { ...tally, share: tally.requests === 0 ? 0 : tally.needingHelp / tally.requests };
  }

  /** The flag statistics of one task type on one tier, as of now. */
  flagRate(options: { taskType: string; tier: TierName }): {
    samples: number;
    flagged: number;
    rate: number;
  } {
    return this.#window(options.taskType, options.tier).read(this.#now());
  }

  /**
   * Moves a task type up one tier from `fromTier` on other evidence than the flag rate (the
   * continuous shadow eval's regression), as an override like any other: active at once in
   * `auto` mode, proposed for review in `review` mode, revertible. Resolves with the override
   * that stands in the store (another replica's, if it raised the same one first), or undefined
   * when `fromTier` is the top tier.
   */
  async escalate(options: EscalateOptions): Promise<TierOverride | undefined> {
    const raised = this.#raise({ ...options, at: this.#now() });
    if (raised) {
      await this.flush();
      return this.#overrides.find((override) => override.id === raised.id) ?? this.#standing(options);
    }
    return this.#standing(options);
  }

  /** Appends a shadow-eval verdict to the task type's quality series on a tier (in the store). */
  async recordVerdict(options: {
    taskType: string;
    tier: TierName;
    pass: boolean;
    score: number;
    at?: number;
  }): Promise<void> {
    const verdict: QualityVerdict = {
      at: options.at ?? this.#now(),
      pass: options.pass,
      score: options.score,
    };
    await this.#store.addVerdict({
      taskType: options.taskType,
      tier: options.tier,
      verdict,
      keep: this.#options.windowSize,
    });
  }

  /**
   * The task type's quality series on a tier (fleet-wide with a shared store): the newest
   * verdicts, at most `windowSize` and none older than `windowMs`, newest first.
   */
  async verdicts(options: { taskType: string; tier: TierName }): Promise<QualityVerdict[]> {
    const since = this.#now() - this.#options.windowMs;
    const verdicts = await this.#store.readVerdicts({ ...options, limit: this.#options.windowSize });
    return verdicts.filter((verdict) => verdict.at > since);
  }

  /** Reads the overrides back from the store (the fleet's, with a shared one). */
  async sync(): Promise<void> {
    const stored = await this.#store.listOverrides();
    const local = this.#overrides.filter((override) => this.#unwritten.has(override.id));
    const known = new Set(stored.map((override) => override.id));
    this.#overrides.length = 0;
    this.#overrides.push(...stored, ...local.filter((override) => !known.has(override.id)));
  }

  /** Waits for the store writes in flight. */
  async flush(): Promise<void> {
    while (this.#writes.size > 0) await Promise.allSettled([...this.#writes]);
  }

  /** Stops the periodic sync with a shared store (the loop still answers from its copy). */
  close(): void {
    if (this.#syncTimer) clearInterval(this.#syncTimer);
    this.#syncTimer = undefined;
  }

  #standing(options: { taskType: string; fromTier: TierName }): TierOverride | undefined {
    const standing = this.#overrides.find(
      (override) =>
        isStanding(override) &&
        override.taskType === options.taskType &&
        override.fromTier === options.fromTier,
    );
    return standing ? { ...standing } : undefined;
  }

  #persist(override: TierOverride): void {
    this.#write(this.#store.updateOverride({ ...override }));
  }

  #write(promise: Promise<unknown>): void {
    const tracked: Promise<void> = promise.then(
      () => {},
      (error: unknown) => this.#onStoreError(error),
    );
    this.#writes.add(tracked);
    void tracked.finally(() => this.#writes.delete(tracked));
  }

  #raise(options: {
    taskType: string;
    fromTier: TierName;
    flagRate: number;
    samples: number;
    at: number;
    reason?: string;
    source?: TierOverride["source"];
  }) {
    const pending = this.#overrides.some(
      (override) =>
        override.taskType === options.taskType &&
        override.fromTier === options.fromTier &&
        (override.status === "active" || override.status === "proposed"),
    );
    if (pending) return undefined;
    const tiers = this.#tiers();
    const toTier = tiers[tiers.indexOf(options.fromTier) + 1];
    if (tiers.indexOf(options.fromTier) < 0 || !toTier) return undefined; // Already on the top tier.
    const percent = (options.flagRate * 100).toFixed(1);
    const override: TierOverride = {
      // Unique across a fleet sharing a store: a sequence alone would collide between replicas.
      id: `ovr_${++this.#sequence}_${options.at.toString(36)}_${Math.random().toString(36).slice(2, 8)}`,
      taskType: options.taskType,
      fromTier: options.fromTier,
      toTier,
      status: this.#options.mode === "auto" ? "active" : "proposed",
      createdAt: options.at,
      flagRate: options.flagRate,
      samples: options.samples,
      reason:
        options.reason ??
        `${percent}% of ${options.samples} recent ${options.taskType} responses on ${options.fromTier} were flagged (threshold ${this.#options.threshold * 100}%)`,
      source: options.source ?? "feedback",
    };
    this.#overrides.push(override);
    this.#unwritten.add(override.id);
    this.#write(
      this.#store.addOverride({ ...override }).then((stood) => {
        this.#unwritten.delete(override.id);
        if (stood.id === override.id) return;
        // Another replica raised the same override first: theirs stands, ours is dropped.
        const index = this.#overrides.findIndex((candidate) => candidate.id === override.id);
        if (index >= 0) this.#overrides.splice(index, 1, stood);
      }),
    );
    this.#emit({
      type: override.status === "active" ? "override_applied" : "override_proposed",
      override: { ...override },
    });
    return { ...override };
  }

  #window(taskType: string, tier: TierName): FlagWindow {
    const key = `${taskType}\u0000${tier}`;
    let window = this.#windows.get(key);
    if (!window) {
      window = new FlagWindow({ size: this.#options.windowSize, windowMs: this.#options.windowMs });
      this.#windows.set(key, window);
    }
    return window;
  }

  #remember(id: string, entry: { taskType: string; tier: TierName }): void {
    this.#requests.delete(id);
    this.#requests.set(id, entry);
    if (this.#requests.size > this.#options.maxTrackedRequests) {
      const oldest = this.#requests.keys().next().value;
      if (oldest !== undefined) this.#requests.delete(oldest);
    }
  }

  #find(id: string, status: TierOverride["status"]): TierOverride {
    const override = this.#overrides.find((candidate) => candidate.id === id);
    if (!override || override.status !== status) {
      throw new PolicyError({
        code: PolicyErrorCode.unknownOverride,
        message: override ? `override ${id} is ${override.status}, not ${status}` : `no override ${id}`,
      });
    }
    return override;
  }

  #emit(event: FeedbackEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A subscriber's failure must not undo the override or break the caller's feedback call.
      }
    }
  }
}

/** Creates a feedback loop (see FeedbackLoop). */
export function createFeedbackLoop(options: FeedbackLoopOptions): FeedbackLoop {
  return new FeedbackLoop(options);
}
