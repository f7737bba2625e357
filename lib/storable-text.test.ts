import { describe, expect, it } from "vitest";
import { findUnstorableText, MAX_JSON_DEPTH, unstorableProblem } from "./storable-text";

describe("text Postgres cannot store", () => {
  it("finds NUL and lone surrogates, and accepts well-formed astral text", () => {
    expect(unstorableProblem("a\u0000b")).toBe("nul");
    expect(unstorableProblem("x\uD800y")).toBe("lone_surrogate");
    expect(unstorableProblem("\uDC00")).toBe("lone_surrogate");
    expect(unstorableProblem("😀 🇩🇪 𝔘 e\u0301")).toBeNull();
  });

  it("names the first problem in reading order, keys included", () => {
    expect(findUnstorableText({ a: "ok", sources: [{ url: "ok" }, { title: "x\u0000" }], z: "\uD800" })).toEqual({
      path: "sources.1.title",
      problem: "nul",
    });
    expect(findUnstorableText({ "k\uD800": 1 })).toEqual({ path: "k\uD800", problem: "lone_surrogate" });
    expect(findUnstorableText("\u0000")).toEqual({ path: "(body)", problem: "nul" });
    expect(findUnstorableText({ a: [1, true, null, "fine"] })).toBeNull();
  });

  it("refuses deep nesting instead of overflowing the stack", () => {
    const deep = JSON.parse("[".repeat(20_000) + "]".repeat(20_000)) as unknown;
    expect(findUnstorableText(deep)?.problem).toBe("too_deep");
    let fine: unknown = "leaf";
    for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) fine = [fine];
    expect(findUnstorableText(fine)).toBeNull();
  });
});
