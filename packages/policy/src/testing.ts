/**
 * @rightsize/policy/testing: helpers for tests and benchmarks, not for services. The reference
 * json-rules-engine adapter (the real Engine holding a compiled policy's rules, the anchor of
 * decide()'s differential test and benchmark) and seeded generators of policies and fact vectors.
 */

// --- a throwaway redis-server (from PATH) for tests of fleet-shared state ---
export type { TestRedisServer } from "./budget/test-support/redis-server.js";
export { startTestRedisServer } from "./budget/test-support/redis-server.js";
// --- the reference engine, and the linear-time engine `matches` runs (for its benchmark) ---
export { createRulesEngine } from "./rules/engine-adapter.js";
export type { LinearPattern, LinearPatternResult } from "./rules/linear-pattern.js";
export { compileLinearPattern, MAX_MATCH_INPUT } from "./rules/linear-pattern.js";
// --- seeded generators (same seed, same cases) ---
export { randomFacts, randomPolicy, TASK_TYPES } from "./test-support/random-policy.js";
