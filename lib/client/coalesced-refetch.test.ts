import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CoalescedRefetch, type RefetchBatch } from "./coalesced-refetch";

function queue(maxIds = 200) {
  const batches: RefetchBatch[] = [];
  const answers: Array<() => void> = [];
  const refetch = new CoalescedRefetch({
    delayMs: 30,
    maxIds,
    run: (batch) => {
      batches.push(batch);
      return new Promise<void>((resolve) => answers.push(resolve));
    },
  });
  /** Answer the request that is out, and let its promise settle. */
  const answer = async () => {
    answers.shift()?.();
    await vi.advanceTimersByTimeAsync(0);
  };
  return { refetch, batches, answer };
}

describe("CoalescedRefetch", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks once for the claims of notices that arrive together", async () => {
    const { refetch, batches } = queue();
    refetch.add("a");
    refetch.add("b");
    refetch.add("a");
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(30);
    expect(batches).toEqual([{ kind: "claims", ids: ["a", "b"] }]);
  });

  it("holds notices that arrive while a request is out, and asks for them when it comes back", async () => {
    const { refetch, batches, answer } = queue();
    refetch.add("a");
    await vi.advanceTimersByTimeAsync(30);
    for (const id of ["b", "c", "d"]) refetch.add(id);
    await vi.advanceTimersByTimeAsync(500);
    expect(batches).toHaveLength(1);
    await answer();
    await vi.advanceTimersByTimeAsync(30);
    expect(batches).toEqual([
      { kind: "claims", ids: ["a"] },
      { kind: "claims", ids: ["b", "c", "d"] },
    ]);
    await answer();
    await vi.advanceTimersByTimeAsync(1000);
    expect(batches).toHaveLength(2);
  });

  it("asks for everything when a notice names no claim, or when the claims are too many to name", async () => {
    const few = queue();
    few.refetch.add("a");
    few.refetch.add(null);
    await vi.advanceTimersByTimeAsync(30);
    expect(few.batches).toEqual([{ kind: "all" }]);

    const many = queue(2);
    for (const id of ["a", "b", "c"]) many.refetch.add(id);
    await vi.advanceTimersByTimeAsync(30);
    expect(many.batches).toEqual([{ kind: "all" }]);
  });

  it("goes on after a failed request", async () => {
    const batches: RefetchBatch[] = [];
    const refetch = new CoalescedRefetch({
      delayMs: 10,
      maxIds: 200,
      run: async (batch) => {
        batches.push(batch);
        if (batches.length === 1) throw new Error("offline");
      },
    });
    refetch.add("a");
    await vi.advanceTimersByTimeAsync(10);
    refetch.add("b");
    await vi.advanceTimersByTimeAsync(10);
    expect(batches).toEqual([
      { kind: "claims", ids: ["a"] },
      { kind: "claims", ids: ["b"] },
    ]);
  });

  it("asks for nothing once closed", async () => {
    const { refetch, batches } = queue();
    refetch.add("a");
    refetch.close();
    refetch.add("b");
    await vi.advanceTimersByTimeAsync(100);
    expect(batches).toEqual([]);
    // Opened again (a page's effects mounted once more): it takes notices again.
    refetch.open();
    refetch.add("c");
    await vi.advanceTimersByTimeAsync(30);
    expect(batches).toEqual([{ kind: "claims", ids: ["c"] }]);
  });
});
