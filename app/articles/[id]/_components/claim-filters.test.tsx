// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { ClaimDto } from "@/lib/claim-schema";
import { draftOf } from "@/lib/client/claim-fields";
import { type ClaimFilter, NO_FILTER } from "@/lib/client/claim-filter";
import { emptyClaimFields } from "@/lib/fields";
import { DEFAULT_TAXONOMY, type Taxonomy } from "@/lib/taxonomy";
import { renderWithIntl } from "@/test-support/intl";
import { ClaimFilters } from "./claim-filters";
import type { VisibleClaim } from "./use-claim-store";

function visibleClaim(n: number, overrides: Partial<ClaimDto> = {}): VisibleClaim {
  const claim: ClaimDto = {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    articleId: "a",
    authorId: "me",
    authorName: "Anna",
    target: { start: 0, end: 5, exact: `Quote ${n}`, prefix: "", suffix: "" },
    sentenceIndexes: [],
    ...emptyClaimFields(),
    status: "draft",
    version: 1,
    isGold: false,
    createdAt: "",
    updatedAt: "",
    deletedAt: null,
    ...overrides,
  };
  return { claim, draft: draftOf(claim) };
}

const claims = [
  visibleClaim(1, { claimType: "statistic", verdict: "false", checkWorthiness: 3, tags: ["economy"] }),
  visibleClaim(2, { claimType: "statistic", authorId: "ben", authorName: "Ben", status: "submitted" }),
  visibleClaim(3, { claimType: "prediction", authorId: "ben", authorName: "Ben", tags: ["economy", "!none"] }),
  visibleClaim(4, { checkWorthiness: 0 }),
];

/** The filters as the list holds them: their own state, with the list's count of what the filter shows passed in. */
function Harness({
  shown = claims.length,
  taxonomy = DEFAULT_TAXONOMY,
  items = claims,
}: {
  shown?: number;
  taxonomy?: Taxonomy;
  items?: VisibleClaim[];
}) {
  const [filter, setFilter] = useState<ClaimFilter>(NO_FILTER);
  return (
    <>
      <ClaimFilters claims={items} filter={filter} onChange={setFilter} shown={shown} taxonomy={taxonomy} currentUserId="me" />
      <output data-testid="filter">{JSON.stringify(filter)}</output>
    </>
  );
}

const select = (name: string) => screen.getByRole<HTMLSelectElement>("combobox", { name });
const optionTexts = (name: string) => [...select(name).options].map((o) => o.textContent);
/** Chooses an option by what a person reads on it. */
function choose(name: string, text: string) {
  const option = [...select(name).options].find((o) => o.textContent === text);
  if (!option) throw new Error(`${name} has no option ${text}: ${optionTexts(name).join(", ")}`);
  fireEvent.change(select(name), { target: { value: option.value } });
}
const filterNow = (): ClaimFilter => JSON.parse(screen.getByTestId("filter").textContent ?? "");

afterEach(cleanup);

describe("ClaimFilters", () => {
  it("offers every kind with what each value would show, counted against the other filters", () => {
    renderWithIntl(<Harness />);
    expect(optionTexts("Filter by claim type")).toEqual([
      "All types",
      "Statistic (2)",
      "Event (0)",
      "Quote / attributed statement (0)",
      "Prediction (1)",
      "Causal (0)",
      "Position / policy (0)",
      "No type (1)",
    ]);
    expect(optionTexts("Filter by verdict")).toEqual([
      "All verdicts",
      "Unverified (3)",
      "True (0)",
      "Mostly true (0)",
      "Mixed (0)",
      "Misleading (0)",
      "False (1)",
      "Unverifiable (0)",
    ]);
    expect(optionTexts("Filter by review status")).toEqual([
      "All statuses",
      "Draft (3)",
      "Submitted for review (1)",
      "Accepted (0)",
      "Rejected (0)",
      "Changes requested (0)",
    ]);
    expect(optionTexts("Filter by author")).toEqual(["Everyone", "Anna (2)", "Ben (2)"]);
    // A tag spelt like the select's own word for "no tags" is still a tag of its own.
    expect(optionTexts("Filter by tag")).toEqual(["All tags", "!none (1)", "economy (2)", "No tags (2)"]);
    expect(optionTexts("Filter by check-worthiness")).toEqual([
      "Any check-worthiness",
      "Not check-worthy (1)",
      "Low (0)",
      "Medium (0)",
      "High (1)",
      "Not rated (2)",
    ]);

    choose("Filter by author", "Ben (2)");
    expect(filterNow().author).toEqual(["ben"]);
    // The other kinds now count Ben's claims; the authors still say what each would show.
    expect(optionTexts("Filter by claim type").slice(1, 2)).toEqual(["Statistic (1)"]);
    expect(optionTexts("Filter by author")).toEqual(["Everyone", "Anna (2)", "Ben (2)"]);
    expect(optionTexts("Filter by tag")).toEqual(["All tags", "!none (1)", "economy (1)", "No tags (1)"]);

    choose("Filter by tag", "!none (1)");
    choose("Filter by claim type", "No type (0)");
    expect(filterNow()).toMatchObject({ author: ["ben"], tag: ["!none"], claimType: [null] });
    expect(select("Filter by claim type").selectedOptions[0]?.textContent).toBe("No type (0)");
    choose("Filter by claim type", "All types");
    expect(filterNow().claimType).toEqual([]);
  });

  it("says how many claims are shown in a polite live region, and clears every filter at once", () => {
    const { rerender } = renderWithIntl(<Harness />);
    const line = screen.getByText("4 of 4 claims shown").closest("[aria-live]");
    expect(line?.getAttribute("aria-live")).toBe("polite");
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();

    fireEvent.change(screen.getByRole("searchbox", { name: "Search claims" }), { target: { value: "quote" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Mine" }));
    expect(filterNow()).toMatchObject({ text: "quote", author: ["me"] });
    expect(select("Filter by author").selectedOptions[0]?.textContent).toBe("Anna (2)");
    rerender(<Harness shown={1} />);
    expect(screen.getByText("1 of 4 claims shown").closest("[aria-live]")).toBe(line);

    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(filterNow()).toEqual(NO_FILTER);
    expect(screen.getByRole<HTMLInputElement>("checkbox", { name: "Mine" }).checked).toBe(false);
    // The button goes with what it cleared; the keyboard stays with the filters.
    expect(document.activeElement).toBe(screen.getByRole("searchbox", { name: "Search claims" }));
  });

  it("ticks Mine exactly when the author filter is the person's own", () => {
    renderWithIntl(<Harness />);
    const mine = screen.getByRole<HTMLInputElement>("checkbox", { name: "Mine" });
    choose("Filter by author", "Anna (2)");
    expect(mine.checked).toBe(true);
    choose("Filter by author", "Ben (2)");
    expect(mine.checked).toBe(false);
    fireEvent.click(mine);
    expect(filterNow().author).toEqual(["me"]);
    fireEvent.click(mine);
    expect(filterNow().author).toEqual([]);
  });

  it("reads a project's own labels as written, and still offers keys its taxonomy no longer has", () => {
    const taxonomy: Taxonomy = { ...DEFAULT_TAXONOMY, claimTypes: [{ key: "statistic", label: "Zahl" }] };
    renderWithIntl(<Harness taxonomy={taxonomy} />, { locale: "de" });
    expect(optionTexts("Nach Behauptungstyp filtern")).toEqual(["Alle Typen", "Zahl (2)", "prediction (1)", "Ohne Typ (1)"]);
  });

  it("words every kind in German", () => {
    renderWithIntl(<Harness />, { locale: "de" });
    // A <search> landmark (the DOM under test has no role for the element yet, so it is read by its tag).
    expect(document.querySelector("search")?.getAttribute("aria-label")).toBe("Filter für Behauptungen");
    expect(screen.getByRole("searchbox", { name: "Behauptungen durchsuchen" })).toBeTruthy();
    expect(optionTexts("Nach Behauptungstyp filtern").slice(0, 2)).toEqual(["Alle Typen", "Statistik (2)"]);
    expect(optionTexts("Nach Behauptungstyp filtern").at(-1)).toBe("Ohne Typ (1)");
    expect(optionTexts("Nach Bewertung filtern").slice(0, 2)).toEqual(["Alle Bewertungen", "Ungeprüft (3)"]);
    expect(optionTexts("Nach Prüfstatus filtern").slice(0, 3)).toEqual(["Jeder Prüfstatus", "Entwurf (3)", "Zur Prüfung eingereicht (1)"]);
    expect(optionTexts("Nach Autor/in filtern")).toEqual(["Alle", "Anna (2)", "Ben (2)"]);
    expect(optionTexts("Nach Schlagwort filtern").at(-1)).toBe("Ohne Schlagwort (2)");
    expect(optionTexts("Nach Prüfwürdigkeit filtern")).toEqual([
      "Jede Prüfwürdigkeit",
      "Nicht prüfwürdig (1)",
      "Gering (0)",
      "Mittel (0)",
      "Hoch (1)",
      "Nicht eingeschätzt (2)",
    ]);
    expect(screen.getByText("4 von 4 Behauptungen angezeigt")).toBeTruthy();
    choose("Nach Prüfwürdigkeit filtern", "Hoch (1)");
    expect(filterNow().checkWorthiness).toEqual(["3"]);
    fireEvent.click(screen.getByRole("button", { name: "Filter zurücksetzen" }));
    expect(filterNow()).toEqual(NO_FILTER);
    fireEvent.click(screen.getByRole("checkbox", { name: "Meine" }));
    expect(filterNow().author).toEqual(["me"]);
  });

  it("sorts authors and tags as the interface's language does", () => {
    const items = [
      visibleClaim(1, { tags: ["Zoll", "Ärger", "arbeit"], authorId: "o", authorName: "Özlem" }),
      visibleClaim(2, { authorId: "z", authorName: "Zoe" }),
      visibleClaim(3, { authorId: "a", authorName: "Anna" }),
    ];
    renderWithIntl(<Harness items={items} />, { locale: "de" });
    expect(optionTexts("Nach Autor/in filtern")).toEqual(["Alle", "Anna (1)", "Özlem (1)", "Zoe (1)"]);
    expect(optionTexts("Nach Schlagwort filtern")).toEqual(["Alle Schlagwörter", "arbeit (1)", "Ärger (1)", "Zoll (1)", "Ohne Schlagwort (2)"]);
  });

  it("keeps offering a chosen value after the last claim carrying it changed", () => {
    const { rerender } = renderWithIntl(<Harness />);
    choose("Filter by tag", "economy (2)");
    rerender(<Harness items={claims.slice(1, 2)} shown={0} />);
    expect(select("Filter by tag").selectedOptions[0]?.textContent).toBe("economy (0)");
    expect(screen.getByText("0 of 1 claim shown")).toBeTruthy();
  });
});
