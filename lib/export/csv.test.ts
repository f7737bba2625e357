import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sliceCodePoints } from "@/lib/offsets";
import { CSV_COLUMNS, claimRow, footer, formatClaim, formatClaims, header, neutralizeCell } from "./csv";
import { expectGolden } from "./fixtures/golden";
import { claims as allClaims, articleOf, articles, liveClaims as claims, ctx } from "./fixtures/sample-data";
import { type ExportClaim, pickSource } from "./records";

function render(list: readonly ExportClaim[] = allClaims): string {
  return header() + list.map((c) => formatClaim(c, articleOf(c), ctx)).join("") + footer();
}

/** Parses our output the way a strict RFC 4180 reader would. */
function readBack(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, bom: true, relax_quotes: false, relax_column_count: false }) as Record<string, string>[];
}

describe("csv export", () => {
  it("matches the golden file", () => {
    expectGolden("golden.csv", render());
  });

  it("has the stable header and one row per claim, CRLF-terminated", () => {
    const out = render();
    expect(out.startsWith(`${CSV_COLUMNS.map((c) => c.header).join(",")}\r\n`)).toBe(true);
    expect(out.endsWith("\r\n")).toBe(true);
    const rows = readBack(out);
    expect(rows).toHaveLength(claims.length);
    expect(Object.keys(rows[0]!)).toEqual(CSV_COLUMNS.map((c) => c.header));
  });

  it("skips deleted claims, which a row could not mark as deleted", () => {
    const deleted = allClaims.find((c) => c.deletedAt !== null)!;
    expect(formatClaim(deleted, articleOf(deleted), ctx)).toBe("");
    expect(readBack(render()).map((r) => r.claim_id)).toEqual(claims.map((c) => c.id));
  });

  it("optionally starts with a UTF-8 BOM for Excel", () => {
    expect(header({ bom: true }).startsWith("\uFEFF")).toBe(true);
    expect(readBack(header({ bom: true }) + formatClaim(claims[0]!, articleOf(claims[0]!), ctx))[0]!.claim_id).toBe(claims[0]!.id);
  });

  it("reads back: labels, joined lists, numbers, multi-line text and lossless source_json", () => {
    const [first, , third] = readBack(render());
    expect(first).toMatchObject({
      claim_id: claims[0]!.id,
      author: "Ana Müller",
      is_gold: "true",
      start: "11",
      end: "75",
      claim_type: "statistic",
      claim_type_label: "Statistic",
      check_worthiness: "3",
      verdict_label: "Mostly true",
      tags: "Inflation; Wirtschaft 📈",
      source_count: "2",
      source_urls: "https://destatis.example/pm/2024-05 | https://blog.example/inflation?a=1&b=2",
      source_stances: "supports | refutes",
      rationale: "Destatis meldet 2,2 %.\nDie Rundung ist großzügig, aber vertretbar.",
    });
    expect(JSON.parse(first!.source_json!)).toEqual(claims[0]!.sources.map(pickSource));
    expect(third).toMatchObject({ author: 'Ben "The Checker" O\'Neil', check_worthiness: "2" });
    const second = readBack(render())[1]!;
    expect(second).toMatchObject({ claim_type: "", claim_type_label: "", check_worthiness: "", tags: "", source_json: "[]", is_gold: "false" });
  });

  it("keeps code point offsets: exact is the code point slice of the article text", () => {
    const rows = readBack(render());
    rows.forEach((row, i) => {
      const claim = claims[i]!;
      const text = articleOf(claim).text;
      const slice = sliceCodePoints(text, Number(row.start), Number(row.end));
      // A quote that starts like a formula is written with the neutralising apostrophe.
      expect(row.exact).toBe(neutralizeCell(slice));
      expect(slice).toBe(claim.target.exact);
    });
  });

  it("neutralises formula injection in every text cell", () => {
    const rows = readBack(render());
    const eve = rows[3]!;
    expect(eve.author).toBe("'@Eve");
    expect(eve.exact).toBe("'-5% growth in 𝕌𝕟𝕚𝕔𝕠𝕕𝕖 City");
    expect(eve.speaker).toBe("'=cmd|' /C calc'!A0");
    expect(eve.normalized_claim).toBe("'+1 more growth than reported");
    expect(eve.rationale).toBe("'\tx\n@SUM(1+1)");
    expect(eve.tags).toBe("'=cmd; +1; -1; @SUM(A1)");
    expect(eve.source_titles).toBe("'-5%? No.");
    expect(eve.article_title).toBe('\'=HYPERLINK("http://evil.example","Growth")');
    expect(rows[5]!.exact).toBe("'=SUM(A1)");
    expect(rows[5]!.rationale).toBe("'\rx");
    for (const row of rows) {
      for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it.each([
    ["=cmd", "'=cmd"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["x=1", "x=1"],
    [" =1", " =1"],
    ["'quoted", "'quoted"],
    ["", ""],
  ])("neutralizeCell(%j) = %j, and survives a CSV round trip", (input, expected) => {
    expect(neutralizeCell(input)).toBe(expected);
    const claim: ExportClaim = { ...claims[0]!, rationale: input, speaker: input };
    const row = readBack(header() + formatClaim(claim, articleOf(claim), ctx))[0]!;
    expect(row.rationale).toBe(expected);
    expect(row.speaker).toBe(expected);
  });

  it("never lets a cell start a formula or break the row structure (property)", () => {
    const risky = fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", "\r\n", '"', ",", "'", "🇩🇪", "e\u0301", " ");
    const cell = fc.array(fc.oneof(risky, fc.string({ unit: "binary", maxLength: 4 })), { maxLength: 8 }).map((p) => p.join(""));
    fc.assert(
      fc.property(cell, cell, cell, (rationale, authorName, title) => {
        const claim: ExportClaim = { ...claims[0]!, rationale, authorName };
        const article = { ...articleOf(claim), title };
        const rows = readBack(header() + formatClaim(claim, article, ctx));
        expect(rows).toHaveLength(1);
        expect(rows[0]!.rationale).toBe(neutralizeCell(rationale));
        expect(rows[0]!.author).toBe(neutralizeCell(authorName));
        expect(rows[0]!.article_title).toBe(neutralizeCell(title));
      }),
    );
  });

  it("claimRow keeps numbers as numbers so they are never neutralised", () => {
    const row = claimRow(claims[0]!, articleOf(claims[0]!), ctx);
    expect(typeof row.start).toBe("number");
    expect(typeof row.source_count).toBe("number");
  });
});

describe("formatClaims", () => {
  it("writes exactly what formatClaim writes for each claim in turn", () => {
    for (const article of articles) {
      // All claims, deleted ones included: both must skip those the same way.
      const mine = allClaims.filter((c) => c.articleId === article.id);
      expect(mine.length).toBeGreaterThan(0);
      expect(formatClaims(mine, article, ctx)).toBe(mine.map((c) => formatClaim(c, article, ctx)).join(""));
    }
  });
});
