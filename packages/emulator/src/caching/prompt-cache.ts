import type { PromptLayout } from "../tokenizer/prompt-layout.js";
import type { Breakpoint } from "./cache-breakpoints.js";

const TTL_MS = { "5m": 5 * 60_000, "1h": 60 * 60_000 } as const;
/** The API looks back at most 20 blocks from each breakpoint for an earlier cached prefix. */
const LOOKBACK_BLOCKS = 20;
const SWEEP_THRESHOLD = 50_000;

interface CacheEntry {
  ttl: Breakpoint["ttl"];
  expiresAt: number;
  /** False until the response that wrote the entry has begun: parallel first requests miss. */
  usable: boolean;
  owner: CachePlan | null;
}

/** The usage a request's caching produces, in tokens. */
export interface CacheUsage {
  readTokens: number;
  write5mTokens: number;
  write1hTokens: number;
}

/** What one request will read and write; commit when its response begins, abort if it fails first. */
export interface CachePlan {
  usage: CacheUsage;
  commit(nowMs: number): void;
  abort(): void;
}

/**
 * Prompt cache per (workspace, model, prefix digest) with TTLs on the emulator clock.
 * Entries live in memory for the lifetime of the emulator.
 */
export class PromptCache {
  private readonly entries = new Map<string, CacheEntry>();

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Finds the longest usable cached prefix and the entries this request would create.
   * `minimumTokens` is the model's minimum cacheable prefix: shorter breakpoints do nothing.
   */
  plan(options: {
    scope: string;
    layout: PromptLayout;
    breakpoints: readonly Breakpoint[];
    minimumTokens: number;
    nowMs: number;
  }): CachePlan {
    const { scope, layout, breakpoints, minimumTokens, nowMs } = options;
    if (this.entries.size > SWEEP_THRESHOLD) this.sweep(nowMs);
    const key = (blockIndex: number) => `${scope}|${layout.prefixDigests[blockIndex]}`;

    let hitIndex = -1;
    for (const breakpoint of breakpoints) {
      const floor = Math.max(0, breakpoint.blockIndex - LOOKBACK_BLOCKS + 1, hitIndex + 1);
      for (let index = breakpoint.blockIndex; index >= floor; index--) {
        const entry = this.entries.get(key(index));
        if (entry?.usable && entry.expiresAt > nowMs) {
          hitIndex = index;
          break;
        }
      }
    }
    const readTokens = hitIndex >= 0 ? layout.prefixTokens[hitIndex]! : 0;

    const writes: { key: string; ttl: Breakpoint["ttl"] }[] = [];
    let covered = readTokens;
    const usage: CacheUsage = { readTokens, write5mTokens: 0, write1hTokens: 0 };
    for (const breakpoint of breakpoints) {
      if (breakpoint.blockIndex <= hitIndex) continue;
      const prefix = layout.prefixTokens[breakpoint.blockIndex]!;
      if (prefix < minimumTokens) continue;
      const segment = prefix - covered;
      if (breakpoint.ttl === "1h") usage.write1hTokens += segment;
      else usage.write5mTokens += segment;
      covered = prefix;
      writes.push({ key: key(breakpoint.blockIndex), ttl: breakpoint.ttl });
    }

    const hitKey = hitIndex >= 0 ? key(hitIndex) : null;
    const plan: CachePlan = {
      usage,
      commit: (commitMs) => {
        if (hitKey) {
          const hit = this.entries.get(hitKey);
          // A hit refreshes the entry's TTL from the moment it is read.
          if (hit) hit.expiresAt = Math.max(hit.expiresAt, commitMs + TTL_MS[hit.ttl]);
        }
        for (const write of writes) {
          const entry = this.entries.get(write.key);
          const ttl = entry?.usable && entry.ttl === "1h" ? "1h" : write.ttl;
          this.entries.set(write.key, { ttl, expiresAt: commitMs + TTL_MS[ttl], usable: true, owner: null });
        }
      },
      abort: () => {
        for (const write of writes) {
          const entry = this.entries.get(write.key);
          if (entry && !entry.usable && entry.owner === plan) this.entries.delete(write.key);
        }
      },
    };
    for (const write of writes) {
      const existing = this.entries.get(write.key);
      // Mark the prefix as being written; an expired or absent entry becomes pending.
      if (!existing || existing.expiresAt <= nowMs) {
        this.entries.set(write.key, {
          ttl: write.ttl,
          expiresAt: Number.POSITIVE_INFINITY,
          usable: false,
          owner: plan,
        });
      }
    }
    return plan;
  }

  private sweep(nowMs: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.usable && entry.expiresAt <= nowMs) this.entries.delete(key);
    }
  }
}
