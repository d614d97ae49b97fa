import { seededRandom } from "@rightsize/contracts";
import { hash32 } from "./hash.js";

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/**
 * Reproducible identifiers in the API's shapes (`msg_01…`, `req_011C…`, `msgbatch_01…`,
 * `toolu_01…`): the same seed and sequence give the same ids, so recorded runs diff cleanly.
 */
export function createIdFactory(seed: number): (prefix: string) => string {
  const counters = new Map<string, number>();
  return (prefix) => {
    const sequence = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, sequence);
    const random = seededRandom(hash32(`${seed}|${prefix}|${sequence}`));
    let text = "";
    for (let index = 0; index < 22; index++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
    return `${prefix}${text}`;
  };
}
