import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AssignmentPair, type PlanInput, planAssignments, planSpread } from "./assignment-plan";

const article = (i: number) => `a${String(i).padStart(4, "0")}`;
const annotator = (i: number) => `u${String(i).padStart(2, "0")}`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function plan(input: PlanInput) {
  const result = planAssignments(input);
  if (!result.isOk) throw new Error(`refused: ${result.refusal}`);
  return result.plan;
}

/** Everyone on each article after the plan, existing and added. */
function seatsAfter(input: PlanInput, additions: readonly AssignmentPair[]): Map<string, string[]> {
  const seats = new Map<string, string[]>();
  for (const { articleId, userId } of [...input.existing, ...additions]) seats.set(articleId, [...(seats.get(articleId) ?? []), userId]);
  return seats;
}

function totals(p: ReturnType<typeof plan>): Map<string, number> {
  return new Map(p.shares.map((s) => [s.userId, s.current + s.added]));
}

/** Random inputs: up to 30 articles, 1–8 annotators (some existing assignees outside the chosen ones), k within range. */
const inputs: fc.Arbitrary<PlanInput> = fc
  .record({ articles: fc.integer({ min: 1, max: 30 }), annotators: fc.integer({ min: 1, max: 8 }) })
  .chain(({ articles, annotators }) =>
    fc.record({
      articleIds: fc.constant(range(articles).map(article)),
      annotatorIds: fc.constant(range(annotators).map(annotator)),
      k: fc.integer({ min: 1, max: annotators }),
      existing: fc
        .uniqueArray(fc.tuple(fc.integer({ min: 0, max: articles + 5 }), fc.integer({ min: 0, max: annotators + 2 })), {
          maxLength: 40,
          selector: ([a, u]) => `${a}:${u}`,
        })
        .map((pairs) => pairs.map(([a, u]) => ({ articleId: article(a), userId: annotator(u) }))),
    }),
  );

describe("planAssignments", () => {
  it("gives each of 1,000 fresh articles two of 40 annotators, 50 each, in well under a second", () => {
    const input = { articleIds: range(1000).map(article), annotatorIds: range(40).map(annotator), k: 2, existing: [] };
    const started = performance.now();
    const p = plan(input);
    expect(performance.now() - started).toBeLessThan(500);
    expect(p.additions).toHaveLength(2000);
    expect(new Set(p.shares.map((s) => s.added))).toEqual(new Set([50]));
    // Pairs vary: with a name-order tie-break there would be 20 distinct pairs, here there are many.
    const pairs = new Set([...seatsAfter(input, p.additions).values()].map((seat) => seat.sort().join("+")));
    expect(pairs.size).toBeGreaterThan(100);
  });

  it("fills only what an article lacks, counting assignees who were not chosen this time", () => {
    const p = plan({
      articleIds: ["x", "y", "z"],
      annotatorIds: ["ann", "ben", "cat"],
      k: 2,
      existing: [
        { articleId: "x", userId: "ann" },
        { articleId: "y", userId: "outsider" },
        { articleId: "y", userId: "ben" },
      ],
    });
    expect(p.completeCount).toBe(1);
    expect(p.additions.filter((a) => a.articleId === "x")).toHaveLength(1);
    expect(p.additions.filter((a) => a.articleId === "x")[0]?.userId).not.toBe("ann");
    expect(p.additions.filter((a) => a.articleId === "y")).toEqual([]);
    expect(p.additions.filter((a) => a.articleId === "z")).toHaveLength(2);
  });

  it("counts the load annotators already carry: the busy one gets less", () => {
    const existing = range(6).map((i) => ({ articleId: `old${i}`, userId: "ann" }));
    const p = plan({ articleIds: range(6).map(article), annotatorIds: ["ann", "ben", "cat"], k: 1, existing });
    expect(p.shares).toEqual([
      { userId: "ann", current: 6, added: 0 },
      { userId: "ben", current: 0, added: 3 },
      { userId: "cat", current: 0, added: 3 },
    ]);
  });

  it("moves seats off an annotator the greedy pass overloaded when assignees block the light ones", () => {
    // ben and cat already sit on a1…a4, so only ann can take those; the free article a0 must then go to ben or cat.
    const existing = ["a1", "a2", "a3", "a4"].flatMap((articleId) => [
      { articleId, userId: "ben" },
      { articleId, userId: "cat" },
    ]);
    const p = plan({ articleIds: ["a0", "a1", "a2", "a3", "a4"], annotatorIds: ["ann", "ben", "cat"], k: 3, existing });
    expect(p.additions.filter((a) => a.userId === "ann")).toHaveLength(5);
    expect(totals(p)).toEqual(
      new Map([
        ["ann", 5],
        ["ben", 5],
        ["cat", 5],
      ]),
    );
  });

  it("refuses k larger than the annotators chosen, k below 1 and no annotators, by code; no article is an empty plan", () => {
    const base = { articleIds: ["x"], annotatorIds: ["ann", "ben"], existing: [] };
    expect(planAssignments({ ...base, k: 3 })).toEqual({ isOk: false, refusal: "k_exceeds_annotators" });
    expect(planAssignments({ ...base, k: 0 })).toEqual({ isOk: false, refusal: "k_invalid" });
    expect(planAssignments({ ...base, k: 1.5 })).toEqual({ isOk: false, refusal: "k_invalid" });
    expect(planAssignments({ ...base, k: 1, articleIds: [] })).toMatchObject({ isOk: true, plan: { additions: [], articleCount: 0 } });
    expect(planAssignments({ ...base, k: 1, annotatorIds: [] })).toEqual({ isOk: false, refusal: "no_annotators" });
    // Duplicates are one annotator: two ids that are the same person cannot make k = 2 possible.
    expect(planAssignments({ ...base, annotatorIds: ["ann", "ann"], k: 2 })).toEqual({ isOk: false, refusal: "k_exceeds_annotators" });
  });

  describe("properties", () => {
    it("never seats an annotator twice on an article, and brings every chosen article to max(k, what it had)", () => {
      fc.assert(
        fc.property(inputs, (input) => {
          const p = plan(input);
          const seats = seatsAfter(input, p.additions);
          for (const articleId of input.articleIds) {
            const seat = seats.get(articleId) ?? [];
            expect(new Set(seat).size).toBe(seat.length);
            const before = input.existing.filter((e) => e.articleId === articleId).length;
            expect(seat.length).toBe(Math.max(input.k, before));
          }
          for (const { articleId, userId } of p.additions) {
            expect(input.articleIds).toContain(articleId);
            expect(input.annotatorIds).toContain(userId);
          }
        }),
      );
    });

    it("balances to within 1 when nobody carries load yet", () => {
      fc.assert(
        fc.property(inputs, (input) => {
          expect(planSpread(plan({ ...input, existing: [] }))).toBeLessThanOrEqual(1);
        }),
      );
    });

    it("leaves no planned seat that could move to a chosen annotator carrying two fewer", () => {
      fc.assert(
        fc.property(inputs, (input) => {
          const p = plan(input);
          const load = totals(p);
          const seats = seatsAfter(input, p.additions);
          for (const { articleId, userId } of p.additions) {
            for (const other of input.annotatorIds) {
              if (seats.get(articleId)?.includes(other)) continue;
              expect(load.get(userId)! - load.get(other)!).toBeLessThanOrEqual(1);
            }
          }
        }),
      );
    });

    it("is the same plan whatever order ids come in, and duplicates change nothing", () => {
      fc.assert(
        fc.property(inputs, fc.integer(), (input, seed) => {
          const shuffle = <T>(list: readonly T[]) =>
            fc.sample(fc.shuffledSubarray([...list], { minLength: list.length, maxLength: list.length }), { seed, numRuns: 1 })[0]!;
          const reordered = {
            ...input,
            articleIds: [...shuffle(input.articleIds), ...input.articleIds.slice(0, 2)],
            annotatorIds: shuffle(input.annotatorIds),
            existing: shuffle(input.existing),
          };
          expect(plan(reordered)).toEqual(plan(input));
        }),
      );
    });

    it("plans nothing the second time: applying a plan and planning again adds nothing", () => {
      fc.assert(
        fc.property(inputs, (input) => {
          const first = plan(input);
          const again = plan({ ...input, existing: [...input.existing, ...first.additions] });
          expect(again.additions).toEqual([]);
          expect(again.completeCount).toBe(input.articleIds.length);
        }),
      );
    });
  });
});
