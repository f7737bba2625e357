// @vitest-environment happy-dom
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { AgreementResult, KappaResult, PairAgreement, SpanF1Result } from "@/lib/agreement";
import type { AgreementReport, ArticleAgreementPage, ArticleAgreementRow } from "@/server/team/agreement";
import { renderWithIntl } from "@/test-support/intl";
import { ArticleTable, LeftOutNotice } from "./article-table";
import { PAIRS_SHOWN, Pooled } from "./pooled-figures";

/**
 * The agreement page's figures as the server renders them: the per-article
 * table with its order and page links, what was left out, and the pooled,
 * per-type and per-pair tables, in English and German.
 */

const PROJECT_ID = "00000000-0000-4000-8000-0000000000e1";

afterEach(cleanup);

const row = (i: number, alphaClaim: number | null): ArticleAgreementRow => ({
  articleId: `00000000-0000-4000-8000-00000000a${String(i).padStart(3, "0")}`,
  title: `Article ${i}`,
  annotatorCount: 2,
  sentences: 10,
  alphaClaim,
  alphaClaimType: 0.25,
  alphaUnitizing: 0.5,
  meanF1Exact: 0.5,
  meanF1Overlap: 0.75,
  disagreements: { claim: 2, type: 1, span: 0 },
});

const page = (overrides: Partial<ArticleAgreementPage> = {}): ArticleAgreementPage => ({
  rows: [row(1, -0.2), row(2, 0.4)],
  total: 60,
  sort: "agreement",
  offset: 25,
  limit: 25,
  leftOut: { oneSubmitted: 3, noneSubmitted: 4 },
  ...overrides,
});

describe("ArticleTable and LeftOutNotice", () => {
  it("lists each article with its figures and a link to where its annotators disagree", () => {
    renderWithIntl(<ArticleTable projectId={PROJECT_ID} page={page()} />);
    const table = screen.getByRole("table", { name: "Agreement per article" });
    const [, first] = within(table).getAllByRole("row");
    expect(
      within(first!)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual(["Article 1", "2", "10", "-0.20", "0.25", "0.50", "0.50", "0.75", "2 claim or not · 1 type · 0 span"]);
    const links = within(first!).getAllByRole("link");
    expect(links.map((l) => l.getAttribute("href"))).toEqual([
      `/projects/${PROJECT_ID}/agreement/${row(1, 0).articleId}`,
      `/projects/${PROJECT_ID}/agreement/${row(1, 0).articleId}`,
    ]);
    expect(screen.getByRole("img").getAttribute("aria-label")).toContain("Agreement per article");
  });

  it("offers the other order and the neighbouring pages by links, the current order marked", () => {
    renderWithIntl(<ArticleTable projectId={PROJECT_ID} page={page()} />);
    const order = screen.getByRole("navigation", { name: "Order" });
    expect(within(order).getByText("Lowest agreement (α claim) first").getAttribute("aria-current")).toBe("true");
    expect(within(order).getByRole("link", { name: "By title" }).getAttribute("href")).toBe(
      `/projects/${PROJECT_ID}/agreement?sort=title&offset=0&limit=25`,
    );
    const pages = screen.getByRole("navigation", { name: "Pages of articles" });
    expect(within(pages).getByText("Articles 26–27 of 60")).toBeTruthy();
    expect(within(pages).getByRole("link", { name: "Previous page" }).getAttribute("href")).toBe(
      `/projects/${PROJECT_ID}/agreement?sort=agreement&offset=0&limit=25`,
    );
    expect(within(pages).getByRole("link", { name: "Next page" }).getAttribute("href")).toBe(
      `/projects/${PROJECT_ID}/agreement?sort=agreement&offset=50&limit=25`,
    );
  });

  it("says when no article counts, and how many were left out and why, in German too", () => {
    renderWithIntl(
      <>
        <LeftOutNotice leftOut={{ oneSubmitted: 3, noneSubmitted: 4 }} />
        <ArticleTable projectId={PROJECT_ID} page={page({ rows: [], total: 0, offset: 0 })} />
      </>,
      { locale: "de" },
    );
    expect(screen.getByText("7 Artikel ausgelassen (weniger als zwei eingereichte Annotator/innen: 3 mit einer/einem, 4 ohne).")).toBeTruthy();
    expect(screen.getByText("Noch hat kein Artikel zwei eingereichte Annotator/innen.")).toBeTruthy();
    expect(screen.queryByRole("navigation", { name: "Seiten der Artikel" })).toBeNull();
  });
});

const kappa = (value: number | null): KappaResult => ({ kappa: value, n: 10, observed: 0.5, expected: 0.5 });
const f1 = (value: number): SpanF1Result => ({ precision: value, recall: value, f1: value, matched: 1 });
const pair = (a: string, b: string, k: number | null): PairAgreement => ({
  a,
  b,
  kappaClaim: kappa(k),
  kappaClaimType: kappa(0.1),
  spanF1Exact: f1(0.5),
  spanF1Overlap: f1(1),
  alphaUnitizing: 0.3,
  sentences: 10,
  articles: 2,
});

describe("Pooled", () => {
  const result: AgreementResult = {
    alphaClaim: 0.48,
    alphaClaimType: 0.3,
    alphaUnitizing: 0.61,
    labels: [{ claimType: "statistic", alpha: 0.7, alphaUnitizing: 0.65, claims: 12, sentences: 9 }],
    pairs: [pair("ann", "ben", 0.6), pair("ann", "cleo", null), pair("ben", "cleo", -0.1)],
    units: 40,
    unitsClaimType: 38,
    annotatorCount: 3,
  };
  const report: AgreementReport = {
    result,
    annotators: [
      { id: "ann", name: "Ann" },
      { id: "ben", name: "Ben" },
      { id: "cleo", name: "Cleo" },
    ],
    articleCount: 4,
    leftOut: { oneSubmitted: 0, noneSubmitted: 0 },
  };

  it("shows α, α type and αᵤ for the project, each claim type, and the pairs lowest κ first", () => {
    renderWithIntl(<Pooled report={report} typeLabel={(key) => (key === "statistic" ? "Statistic" : key)} />);
    const pooled = screen.getByRole("table", { name: "Agreement over the project" });
    expect(
      within(pooled)
        .getAllByRole("row")
        .map((r) => r.textContent),
    ).toEqual(["Krippendorff's α (claim / not claim)0.48", "Krippendorff's α (claim type)0.30", "Krippendorff's αᵤ (claimed text)0.61"]);
    const labels = screen.getByRole("table", { name: "Agreement per claim type" });
    expect(within(labels).getAllByRole("row")[1]?.textContent).toBe("Statistic120.700.65");
    const pairs = screen.getByRole("table", { name: "Agreement per pair" });
    expect(
      within(pairs)
        .getAllByRole("row")
        .slice(1)
        .map((r) => within(r).getAllByRole("cell")[0]?.textContent),
    ).toEqual(["Ben / Cleo", "Ann / Ben", "Ann / Cleo"]);
    expect(screen.getByText("3 pairs, lowest κ claim first.")).toBeTruthy();
    expect(screen.getAllByRole("img")).toHaveLength(2);
  });

  it("shows only the lowest pairs when there are many, and says so", () => {
    const many = Array.from({ length: PAIRS_SHOWN + 5 }, (_, i) => pair(`a${i}`, `b${i}`, i / 100));
    renderWithIntl(<Pooled report={{ ...report, result: { ...result, pairs: many } }} typeLabel={(key) => key} />);
    expect(within(screen.getByRole("table", { name: "Agreement per pair" })).getAllByRole("row")).toHaveLength(PAIRS_SHOWN + 1);
    expect(screen.getByText(`The ${PAIRS_SHOWN} pairs with the lowest κ claim, of ${PAIRS_SHOWN + 5}.`)).toBeTruthy();
  });
});
