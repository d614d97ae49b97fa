import { describe, expect, it } from "vitest";
import { paginate } from "./pagination.js";

const items = ["a", "b", "c", "d", "e"];
const page = (query: string) => {
  const result = paginate(items, (item) => item, new URLSearchParams(query));
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

describe("cursor pagination", () => {
  it("pages forward with after_id and backward with before_id", () => {
    expect(page("limit=2")).toEqual({ data: ["a", "b"], has_more: true, first_id: "a", last_id: "b" });
    expect(page("limit=2&after_id=b")).toEqual({
      data: ["c", "d"],
      has_more: true,
      first_id: "c",
      last_id: "d",
    });
    expect(page("limit=2&after_id=d")).toEqual({ data: ["e"], has_more: false, first_id: "e", last_id: "e" });
    expect(page("limit=2&before_id=e")).toEqual({
      data: ["c", "d"],
      has_more: true,
      first_id: "c",
      last_id: "d",
    });
    expect(page("limit=2&before_id=b")).toEqual({
      data: ["a"],
      has_more: false,
      first_id: "a",
      last_id: "a",
    });
  });

  it("rejects limits outside 1..1000", () => {
    expect(paginate(items, (item) => item, new URLSearchParams("limit=0")).ok).toBe(false);
    expect(paginate(items, (item) => item, new URLSearchParams("limit=1001")).ok).toBe(false);
  });
});
