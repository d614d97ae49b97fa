/**
 * @rightsize/policy/testing: helpers for tests and benchmarks, not for services. The reference
 * json-rules-engine adapter (the real Engine holding a compiled policy's rules, the anchor of
 * decide()'s differential test and benchmark) and seeded generators of policies and fact vectors.
 */

// --- the reference engine ---
export { createRulesEngine } from "./rules/engine-adapter.js";

// --- seeded generators (same seed, same cases) ---
export { randomFacts, randomPolicy, TASK_TYPES } from "./test-support/random-policy.js";
