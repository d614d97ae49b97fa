import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "./cli-error.js";
import { loadRatesFile, readStructuredFile, structuredFormatOf } from "./option-files.js";

const directory = mkdtempSync(join(tmpdir(), "rightsize-option-files-"));
const file = (name: string, text: string) => {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
};
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("files named by options (--rates, --evals)", () => {
  it("are JSON or YAML by extension, otherwise by content", () => {
    expect(structuredFormatOf({ path: "rates.json", text: "discounts: []" })).toBe("json");
    expect(structuredFormatOf({ path: "rates.YAML", text: '{"discounts": []}' })).toBe("yaml");
    expect(structuredFormatOf({ path: "rates.yml", text: "" })).toBe("yaml");
    expect(structuredFormatOf({ path: "contract", text: '  {"discounts": []}' })).toBe("json");
    expect(structuredFormatOf({ path: "contract.txt", text: "[1]" })).toBe("json");
    expect(structuredFormatOf({ path: "contract.txt", text: "discounts:\n  - percent: 5" })).toBe("yaml");
  });

  it("load the same contract from either format, whatever the file is called", () => {
    const json = loadRatesFile(file("contract", '{"discounts": [{"percent": 12.5}]}'));
    const yaml = loadRatesFile(file("contract.conf", "discounts:\n  - percent: 12.5\n"));
    expect(yaml).toEqual(json);
    expect(loadRatesFile(file("contract.yaml", "discounts:\n  - percent: 12.5\n"))).toEqual(json);
  });

  it("refuse an unreadable or malformed file with a usage error naming the option", () => {
    const missing = () => readStructuredFile({ path: join(directory, "none.json"), option: "--evals" });
    expect(missing).toThrow(expect.toSatisfy(CliError.isInstance));
    expect(missing).toThrow(/--evals: cannot read .*none\.json \(ENOENT\)/);
    expect(() => loadRatesFile(file("broken.json", "{discounts"))).toThrow(
      /--rates: .*broken\.json is not valid JSON/,
    );
    expect(() => loadRatesFile(file("bad.yaml", "discounts:\n  - percent: 150\n"))).toThrow(
      /--rates: .*discounts\[0\]\.percent: expected a percentage from 0 to 100/,
    );
  });
});
