// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderWithIntl } from "@/test-support/intl";
import { type DisagreementItem, DisagreementList } from "./disagreement-list";

/**
 * The drill-down's list in both languages: each sentence named by its number
 * (from 0, as exports count), every annotator's reading, the link that opens
 * the sentence in adjudication, and the choice of kinds to show.
 */

const ARTICLE_ID = "00000000-0000-4000-8000-0000000000a1";
const names = { ann: "Ann", ben: "Ben" };
const typeLabels = { statistic: "Statistic", event: "Event" };
const sentences: DisagreementItem[] = [
  {
    index: 2,
    text: "The mayor said so.",
    kind: "claim",
    values: [
      { annotatorId: "ann", claimType: "statistic", claims: [{ id: "c1", exact: "The mayor said so." }] },
      { annotatorId: "ben", claimType: null, claims: [] },
    ],
  },
  {
    index: 3,
    text: "Rents fell in June.",
    kind: "type",
    values: [
      { annotatorId: "ann", claimType: "event", claims: [{ id: "c2", exact: "Rents fell in June." }] },
      { annotatorId: "ben", claimType: null, claims: [{ id: "c3", exact: "Rents fell" }] },
    ],
  },
];

afterEach(cleanup);

describe("DisagreementList", () => {
  it("shows each sentence with every annotator's reading and a link into adjudication at that sentence", () => {
    renderWithIntl(<DisagreementList articleId={ARTICLE_ID} names={names} typeLabels={typeLabels} sentences={sentences} />);
    const first = screen.getByRole("region", { name: /Sentence 2/ });
    expect(within(first).getByText("The mayor said so.", { selector: "blockquote" })).toBeTruthy();
    const readings = within(first).getByRole("table", { name: "Each annotator's reading of sentence 2" });
    const rows = within(readings).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual(["AnnotatorTypeTheir claims here", "AnnStatistic“The mayor said so.”", "BenNo claim—"]);
    expect(within(first).getByRole("link", { name: "Open sentence 2 in adjudication" }).getAttribute("href")).toBe(
      `/articles/${ARTICLE_ID}/adjudicate?show=disputed#sentence-2`,
    );
    const second = screen.getByRole("region", { name: /Sentence 3/ });
    expect(within(within(second).getByRole("table")).getByText("No type")).toBeTruthy();
  });

  it("hides and shows kinds of disagreement, and says how many sentences are shown", () => {
    renderWithIntl(<DisagreementList articleId={ARTICLE_ID} names={names} typeLabels={typeLabels} sentences={sentences} />);
    expect(screen.getByText("2 of 2 disagreeing sentences shown.")).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: /Claim or not \(1\)/ }));
    expect(screen.queryByRole("region", { name: /Sentence 2/ })).toBeNull();
    expect(screen.getByRole("region", { name: /Sentence 3/ })).toBeTruthy();
    expect(screen.getByText("1 of 2 disagreeing sentences shown.")).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: /Type differs \(1\)/ }));
    expect(screen.getByText("No sentence of the chosen kinds.")).toBeTruthy();
  });

  it("speaks German", () => {
    renderWithIntl(<DisagreementList articleId={ARTICLE_ID} names={names} typeLabels={typeLabels} sentences={sentences} />, { locale: "de" });
    expect(screen.getByRole("group", { name: "Angezeigte Arten von Abweichung" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Satz 2 in der Zusammenführung öffnen" })).toBeTruthy();
    expect(screen.getByText("Keine Behauptung")).toBeTruthy();
    expect(screen.getByRole("checkbox", { name: /Typ weicht ab \(1\)/ })).toBeTruthy();
  });
});
