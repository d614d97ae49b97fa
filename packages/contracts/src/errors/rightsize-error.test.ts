import { describe, expect, it } from "vitest";
import { ContractError } from "./contract-error.js";
import { formatIssuePath, formatIssues, issuesOf } from "./issue-path.js";
import { RightsizeError } from "./rightsize-error.js";

const otherCopyMarker = Symbol.for("rightsize.error.contracts");

describe("RightsizeError", () => {
  it("keeps code, message and cause, and is recognized by marker, not by prototype", () => {
    const cause = new Error("disk full");
    const error = new ContractError({ code: "invalid_amount", message: "bad", cause });
    expect(error.code).toBe("invalid_amount");
    expect(error.name).toBe("ContractError");
    expect(error.cause).toBe(cause);
    expect(ContractError.isInstance(error)).toBe(true);
    expect(RightsizeError.isInstance(error)).toBe(true);
    // An error built by a second copy of the package: not instanceof, still isInstance.
    const foreign = Object.assign(new Error("x"), {
      [otherCopyMarker]: true,
      [Symbol.for("rightsize.error")]: true,
    });
    expect(foreign instanceof ContractError).toBe(false);
    expect(ContractError.isInstance(foreign)).toBe(true);
    expect(ContractError.isInstance(new Error("plain"))).toBe(false);
    expect(ContractError.isInstance(new RightsizeError({ code: "x", message: "y" }))).toBe(false);
    expect(RightsizeError.isInstance(null)).toBe(false);
    expect("cause" in new ContractError({ code: "invalid_option", message: "no cause" })).toBe(false);
  });

  it("formats issue paths the way policy and pricing errors name places", () => {
    expect(formatIssuePath(["routing", 2, "when", "all", 0, "operator"])).toBe(
      "routing[2].when.all[0].operator",
    );
    expect(formatIssuePath(["rates", 0], "models[3]")).toBe("models[3].rates[0]");
    expect(formatIssuePath([])).toBe("");
    const issues = Array.from({ length: 7 }, (_, index) => ({ path: `a[${index}]`, message: "m" }));
    expect(formatIssues(issues)).toBe("a[0]: m; a[1]: m; a[2]: m; a[3]: m; a[4]: m (and 2 more)");
    expect(formatIssues([{ path: "", message: "empty document" }])).toBe("empty document");
    const zodLike = { issues: [{ path: ["discounts", 0, "percent"], message: "expected a number" }] };
    expect(issuesOf(zodLike, { root: "rates" })).toEqual([
      { path: "rates.discounts[0].percent", message: "expected a number" },
    ]);
    expect(formatIssues(issuesOf({ issues: [{ path: [], message: "expected an object" }] }))).toBe(
      "expected an object",
    );
  });
});
