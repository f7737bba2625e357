import { describe, expect, it } from "vitest";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { attributeField, planImport, summarizeAttributes, summarizeLabels } from "./import-plan";
import type { InterchangeParse, InterchangeSpan } from "./model";

function span(label: string, overrides: Partial<InterchangeSpan> = {}): InterchangeSpan {
  return { start: 0, end: 4, label, attributes: {}, notes: [], at: { line: 1, item: `spans[${label}]` }, ...overrides };
}

function parseOf(...spans: InterchangeSpan[]): InterchangeParse {
  return { documents: [{ key: "d1", text: "Text of the document.", spans, at: { line: 1 } }], problems: [], skipped: {}, offsetUnit: "code_points" };
}

describe("interchange import plan", () => {
  it("summarises labels, most used first, and attributes with the claim field each becomes", () => {
    const parse = parseOf(
      span("CLAIM", { attributes: { check_worthiness: 2, Source: "x" } }),
      span("CLAIM", { isMachineMade: true }),
      span("OPINION", { attributes: { Verdict: "false" } }),
    );
    expect(summarizeLabels(parse)).toEqual([
      { label: "CLAIM", spans: 2, machineMade: 1 },
      { label: "OPINION", spans: 1, machineMade: 0 },
    ]);
    expect(summarizeAttributes(parse)).toEqual([
      { name: "check_worthiness", values: 1, field: "checkWorthiness" },
      { name: "Source", values: 1, field: null },
      { name: "Verdict", values: 1, field: "verdict" },
    ]);
    expect(["Check-Worthiness", "check worthy", "CW", "rating"].map(attributeField)).toEqual([
      "checkWorthiness",
      "checkWorthiness",
      "checkWorthiness",
      "verdict",
    ]);
  });

  it("maps labels to types, new types, tags or nothing, and attributes to claim fields or tags", () => {
    const parse = parseOf(
      span("STAT", { attributes: { cw: "High", verdict: "Mostly true", topic: "economy", negated: true }, notes: ["checked", "twice"] }),
      span("QUOTE", { attributes: { check_worthiness: "yes" } }),
      span("MISC"),
      span("NOISE"),
      span("PRED", { isMachineMade: true }),
    );
    const plan = planImport(
      parse,
      {
        STAT: { kind: "type", key: "statistic" },
        QUOTE: { kind: "create", key: "direct_quote", label: "Direct quote" },
        MISC: { kind: "tag" },
        NOISE: { kind: "skip" },
        PRED: { kind: "type", key: "prediction" },
      },
      DEFAULT_TAXONOMY,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.createdTypes).toEqual([{ key: "direct_quote", label: "Direct quote" }]);
    expect(plan.skipped).toEqual({ label_skipped: 1 });
    const [stat, quote, misc, pred] = plan.documents[0]!.claims;
    expect(stat).toMatchObject({
      claimType: "statistic",
      checkWorthiness: 3,
      verdict: "mostly_true",
      tags: ["topic=economy", "negated"],
      rationale: "checked\ntwice",
    });
    expect(quote).toMatchObject({ claimType: "direct_quote", checkWorthiness: 3, tags: [] });
    expect(misc).toMatchObject({ claimType: null, tags: ["MISC"] });
    expect(pred).toMatchObject({ claimType: "prediction", isMachineMade: true, tags: ["machine-made"] });
  });

  it("names every span it cannot map as asked, and keeps what it can of the rest", () => {
    const parse = parseOf(span("UNMAPPED"), span("STAT", { attributes: { verdict: "sort of", cw: 7, note: "x".repeat(80) } }), span("GONE"));
    const plan = planImport(parse, { STAT: { kind: "type", key: "statistic" }, GONE: { kind: "type", key: "no_such_type" } }, DEFAULT_TAXONOMY);
    expect(plan.problems.map((p) => [p.field, p.message])).toEqual([
      ["label", 'the label "UNMAPPED" is not mapped to a claim type, a tag or "skip"'],
      ["verdict", 'verdict "sort of" is no verdict of the project; kept as a tag'],
      ["cw", 'cw "7" is no check-worthiness (0–3, yes/no, or its label); kept as a tag'],
      ["attributes", `the tag "note=${"x".repeat(35)}…" is longer than 64 characters: not kept`],
      ["label", 'the label "GONE" is mapped to "no_such_type", which is no claim type of the project'],
    ]);
    expect(plan.documents[0]!.claims).toHaveLength(1);
    expect(plan.documents[0]!.claims[0]).toMatchObject({ verdict: null, checkWorthiness: null, tags: ["verdict=sort of", "cw=7"] });
  });
});
