import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppendLog } from "./append-log.js";
import { parseOutcomes } from "./read-outcomes.js";

describe("AppendLog", () => {
  it("starts a fresh line after a partial one a killed run left, and keeps order under concurrent appends", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "append-log-")), "outcomes.jsonl");
    await writeFile(
      path,
      '{"id":"a","taskType":"t","models":{"haiku":{"score":1}}}\n{"id":"b","taskType":"t","mod',
    );
    const log = await AppendLog.open(path);
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        log.append({ id: `c${index}`, taskType: "t", models: { haiku: { score: index % 2 } } }),
      ),
    );
    await log.close();
    const read = parseOutcomes({ text: await readFile(path, "utf8") });
    expect(read.bad).toEqual([{ line: 2, reason: expect.stringMatching(/not valid JSON/) }]);
    expect(read.outcomes.map((line) => line.id)).toEqual([
      "a",
      ...Array.from({ length: 50 }, (_, index) => `c${index}`),
    ]);
  });
});
