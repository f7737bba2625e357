import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchSuggestions, tagBeingTyped, tagCompletions } from "./suggestions";

afterEach(() => vi.unstubAllGlobals());

describe("tag completion", () => {
  it("completes the tag after the last comma", () => {
    expect(tagBeingTyped("economy, tra")).toEqual({ done: "economy,", typing: "tra" });
    expect(tagBeingTyped("  tra ")).toEqual({ done: "", typing: "tra" });
    expect(tagCompletions("economy, tra", ["trade", "transport"])).toEqual(["economy, trade", "economy, transport"]);
    expect(tagCompletions("tra", ["trade"])).toEqual(["trade"]);
  });

  it("does not offer a tag already in the list", () => {
    expect(tagCompletions("trade, economy, t", ["trade", "tax"])).toEqual(["trade, economy, tax"]);
  });
});

describe("fetchSuggestions", () => {
  it("asks the project's suggestions for what was typed, and answers nothing when the server fails", async () => {
    const fetch = vi.fn(async (_url: string) => new Response(JSON.stringify({ suggestions: ["Reuters", 3] }), { status: 200 }));
    vi.stubGlobal("fetch", fetch);
    expect(await fetchSuggestions("p1", "publisher", " Reu ")).toEqual(["Reuters"]);
    expect(fetch.mock.calls[0]?.[0]).toBe("/api/projects/p1/suggestions?field=publisher&q=Reu");
    vi.stubGlobal("fetch", async () => new Response("{}", { status: 500 }));
    expect(await fetchSuggestions("p1", "tag", "x")).toEqual([]);
    vi.stubGlobal("fetch", async () => Promise.reject(new TypeError("offline")));
    expect(await fetchSuggestions("p1", "tag", "x")).toEqual([]);
  });
});
