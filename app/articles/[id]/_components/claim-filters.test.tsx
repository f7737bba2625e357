// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { ClaimDto } from "@/lib/claim-schema";
import { draftOf } from "@/lib/client/claim-fields";
import { type ClaimFilter, type IgnoredValue, NO_FILTER } from "@/lib/client/claim-filter";
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
  ignored,
}: {
  shown?: number;
  taxonomy?: Taxonomy;
  items?: VisibleClaim[];
  ignored?: IgnoredValue[];
}) {
  const [filter, setFilter] = useState<ClaimFilter>(NO_FILTER);
  return (
    <>
      <ClaimFilters claims={items} filter={filter} onChange={setFilter} shown={shown} taxonomy={taxonomy} currentUserId="me" ignored={ignored} />
      <output data-testid="filter">{JSON.stringify(filter)}</output>
    </>
  );
}

/** A kind's disclosure button, by the kind's name it starts with ("Claim type: All types"). */
const kindButton = (kind: string) => screen.getByRole("button", { name: new RegExp(`^${kind}: `) });
/** Opens a kind (if it is not open) and gives its panel, the group of its values. */
function openKind(kind: string): HTMLElement {
  const button = kindButton(kind);
  if (button.getAttribute("aria-expanded") !== "true") fireEvent.click(button);
  const panel = document.getElementById(button.getAttribute("aria-controls") ?? "");
  if (!panel) throw new Error(`${kind} opens no panel`);
  return panel;
}
/** A kind's checkboxes with what a person reads on each. */
const checkboxes = (kind: string) =>
  within(openKind(kind))
    .getAllByRole<HTMLInputElement>("checkbox")
    .map((box) => ({ box, text: box.closest("label")?.textContent ?? "" }));
const optionTexts = (kind: string) => checkboxes(kind).map((c) => c.text);
const ticked = (kind: string) =>
  checkboxes(kind)
    .filter((c) => c.box.checked)
    .map((c) => c.text);
/** Ticks (or unticks) a value by what a person reads on it. */
function tick(kind: string, text: string) {
  const found = checkboxes(kind).find((c) => c.text === text);
  if (!found) throw new Error(`${kind} has no option ${text}: ${optionTexts(kind).join(", ")}`);
  fireEvent.click(found.box);
}
const filterNow = (): ClaimFilter => JSON.parse(screen.getByTestId("filter").textContent ?? "");

afterEach(cleanup);

describe("ClaimFilters", () => {
  it("offers every kind with what each value would show, counted against the other filters", () => {
    renderWithIntl(<Harness />);
    expect(optionTexts("Claim type")).toEqual([
      "Statistic (2)",
      "Event (0)",
      "Quote / attributed statement (0)",
      "Prediction (1)",
      "Causal (0)",
      "Position / policy (0)",
      "No type (1)",
    ]);
    expect(optionTexts("Verdict")).toEqual([
      "Unverified (3)",
      "True (0)",
      "Mostly true (0)",
      "Mixed (0)",
      "Misleading (0)",
      "False (1)",
      "Unverifiable (0)",
    ]);
    expect(optionTexts("Review status")).toEqual(["Draft (3)", "Submitted for review (1)", "Accepted (0)", "Rejected (0)", "Changes requested (0)"]);
    expect(optionTexts("Author")).toEqual(["Anna (2)", "Ben (2)"]);
    // A tag spelt like the filter's own word for "no tags" is still a tag of its own.
    expect(optionTexts("Tag")).toEqual(["!none (1)", "economy (2)", "No tags (2)"]);
    expect(optionTexts("Check-worthiness")).toEqual(["Not check-worthy (1)", "Low (0)", "Medium (0)", "High (1)", "Not rated (2)"]);

    tick("Author", "Ben (2)");
    expect(filterNow().author).toEqual(["ben"]);
    // The other kinds now count Ben's claims; the authors still say what each would show.
    expect(optionTexts("Claim type").slice(0, 1)).toEqual(["Statistic (1)"]);
    expect(optionTexts("Author")).toEqual(["Anna (2)", "Ben (2)"]);
    expect(optionTexts("Tag")).toEqual(["!none (1)", "economy (1)", "No tags (1)"]);

    tick("Tag", "!none (1)");
    tick("Claim type", "No type (0)");
    expect(filterNow()).toMatchObject({ author: ["ben"], tag: ["!none"], claimType: [null] });
    expect(ticked("Claim type")).toEqual(["No type (0)"]);
    fireEvent.click(within(openKind("Claim type")).getByRole("button", { name: "All types" }));
    expect(filterNow().claimType).toEqual([]);
    // The button goes with what it cleared; the keyboard goes back to the kind's own.
    expect(document.activeElement).toBe(kindButton("Claim type"));
  });

  it("takes several values of a kind, shows a claim with any of them, and names what is chosen on the kind's button", () => {
    renderWithIntl(<Harness />);
    expect(kindButton("Claim type").textContent).toContain("Claim type: All types");
    tick("Claim type", "Statistic (2)");
    tick("Claim type", "Prediction (1)");
    expect(filterNow().claimType).toEqual(["statistic", "prediction"]);
    // Each value still says what it shows; the other kinds count the claims of either type.
    expect(optionTexts("Claim type").slice(0, 4)).toEqual(["Statistic (2)", "Event (0)", "Quote / attributed statement (0)", "Prediction (1)"]);
    expect(optionTexts("Author")).toEqual(["Anna (1)", "Ben (2)"]);
    expect(kindButton("Claim type").textContent).toContain("Claim type: Statistic, Prediction");
    tick("Claim type", "No type (1)");
    expect(kindButton("Claim type").textContent).toContain("Claim type: Statistic, Prediction and 1 more");
    tick("Claim type", "Statistic (2)");
    expect(filterNow().claimType).toEqual(["prediction", null]);
  });

  it("opens one kind at a time, as a disclosure whose panel is a named group of checkboxes", () => {
    renderWithIntl(<Harness />);
    const type = kindButton("Claim type");
    expect(type.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryAllByRole("checkbox").map((box) => box.closest("label")?.textContent)).toEqual(["Mine"]);
    fireEvent.click(type);
    expect(type.getAttribute("aria-expanded")).toBe("true");
    const group = screen.getByRole("group", { name: "Filter by claim type" });
    expect(type.getAttribute("aria-controls")).toBe(group.id);
    fireEvent.click(kindButton("Tag"));
    expect(type.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByRole("group", { name: "Filter by claim type" })).toBeNull();
    expect(screen.getByRole("group", { name: "Filter by tag" })).toBeTruthy();
    fireEvent.click(kindButton("Tag"));
    expect(screen.queryByRole("group", { name: "Filter by tag" })).toBeNull();
  });

  it("narrows a long kind by what its values say, keeping the chosen ones in sight", () => {
    const many = Array.from({ length: 12 }, (_, n) => visibleClaim(n + 1, { tags: [`Thema ${n + 1}`, n % 2 ? "Straße" : "Wahl"] }));
    renderWithIntl(<Harness items={many} />);
    // Four check-worthiness steps and "not rated" need no narrowing.
    expect(within(openKind("Check-worthiness")).queryByRole("searchbox")).toBeNull();
    tick("Tag", "Thema 3 (1)");
    const narrow = within(openKind("Tag")).getByRole("searchbox", { name: "Tag: find in the list" });
    fireEvent.change(narrow, { target: { value: "STRASSE" } });
    expect(optionTexts("Tag")).toEqual(["Straße (6)", "Thema 3 (1)"]);
    fireEvent.change(narrow, { target: { value: "nothing like it" } });
    expect(optionTexts("Tag")).toEqual(["Thema 3 (1)"]);
    expect(within(openKind("Tag")).queryByText("Nothing in the list contains this.")).toBeNull();
    // Unticked, it stays where the keyboard is until the narrowing changes.
    const third = checkboxes("Tag").find((c) => c.text === "Thema 3 (1)")!.box;
    third.focus();
    tick("Tag", "Thema 3 (1)");
    expect(filterNow().tag).toEqual([]);
    expect(optionTexts("Tag")).toEqual(["Thema 3 (1)"]);
    expect(document.activeElement).toBe(third);
    fireEvent.change(narrow, { target: { value: "nothing like it at all" } });
    expect(within(openKind("Tag")).queryAllByRole("checkbox")).toHaveLength(0);
    expect(within(openKind("Tag")).getByText("Nothing in the list contains this.")).toBeTruthy();
  });

  it("says how many claims are shown in a polite live region, and clears every filter at once", () => {
    const { rerender } = renderWithIntl(<Harness />);
    const line = screen.getByText("4 of 4 claims shown").closest("[aria-live]");
    expect(line?.getAttribute("aria-live")).toBe("polite");
    expect(screen.queryByRole("button", { name: "Clear filters" })).toBeNull();

    fireEvent.change(screen.getByRole("searchbox", { name: "Search claims" }), { target: { value: "quote" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Mine" }));
    expect(filterNow()).toMatchObject({ text: "quote", author: ["me"] });
    expect(ticked("Author")).toEqual(["Anna (2)"]);
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
    tick("Author", "Anna (2)");
    expect(mine.checked).toBe(true);
    tick("Author", "Ben (2)");
    expect(mine.checked).toBe(false);
    fireEvent.click(mine);
    expect(filterNow().author).toEqual(["me"]);
    fireEvent.click(mine);
    expect(filterNow().author).toEqual([]);
  });

  it("reads a project's own labels as written, and still offers keys its taxonomy no longer has", () => {
    const taxonomy: Taxonomy = { ...DEFAULT_TAXONOMY, claimTypes: [{ key: "statistic", label: "Zahl" }] };
    renderWithIntl(<Harness taxonomy={taxonomy} />, { locale: "de" });
    expect(optionTexts("Behauptungstyp")).toEqual(["Zahl (2)", "prediction (1)", "Ohne Typ (1)"]);
  });

  it("words every kind in German", () => {
    renderWithIntl(<Harness />, { locale: "de" });
    // A <search> landmark (the DOM under test has no role for the element yet, so it is read by its tag).
    expect(document.querySelector("search")?.getAttribute("aria-label")).toBe("Filter für Behauptungen");
    expect(screen.getByRole("searchbox", { name: "Behauptungen durchsuchen" })).toBeTruthy();
    expect(kindButton("Behauptungstyp").textContent).toContain("Behauptungstyp: Alle Typen");
    expect(kindButton("Bewertung").textContent).toContain("Bewertung: Alle Bewertungen");
    expect(kindButton("Prüfstatus").textContent).toContain("Prüfstatus: Jeder Prüfstatus");
    expect(kindButton("Autor/in").textContent).toContain("Autor/in: Alle");
    expect(kindButton("Schlagwort").textContent).toContain("Schlagwort: Alle Schlagwörter");
    expect(kindButton("Prüfwürdigkeit").textContent).toContain("Prüfwürdigkeit: Jede Prüfwürdigkeit");
    expect(optionTexts("Behauptungstyp").slice(0, 1)).toEqual(["Statistik (2)"]);
    expect(screen.getByRole("group", { name: "Nach Behauptungstyp filtern" })).toBeTruthy();
    expect(optionTexts("Behauptungstyp").at(-1)).toBe("Ohne Typ (1)");
    expect(optionTexts("Bewertung").slice(0, 1)).toEqual(["Ungeprüft (3)"]);
    expect(optionTexts("Prüfstatus").slice(0, 2)).toEqual(["Entwurf (3)", "Zur Prüfung eingereicht (1)"]);
    expect(optionTexts("Autor/in")).toEqual(["Anna (2)", "Ben (2)"]);
    expect(optionTexts("Schlagwort").at(-1)).toBe("Ohne Schlagwort (2)");
    expect(optionTexts("Prüfwürdigkeit")).toEqual(["Nicht prüfwürdig (1)", "Gering (0)", "Mittel (0)", "Hoch (1)", "Nicht eingeschätzt (2)"]);
    expect(screen.getByText("4 von 4 Behauptungen angezeigt")).toBeTruthy();
    tick("Prüfwürdigkeit", "Hoch (1)");
    tick("Prüfwürdigkeit", "Nicht prüfwürdig (1)");
    expect(filterNow().checkWorthiness).toEqual(["3", "0"]);
    expect(kindButton("Prüfwürdigkeit").textContent).toContain("Prüfwürdigkeit: Hoch, Nicht prüfwürdig");
    tick("Prüfwürdigkeit", "Gering (0)");
    expect(kindButton("Prüfwürdigkeit").textContent).toContain("Prüfwürdigkeit: Hoch, Nicht prüfwürdig und 1 weitere");
    fireEvent.click(within(openKind("Prüfwürdigkeit")).getByRole("button", { name: "Jede Prüfwürdigkeit" }));
    expect(filterNow().checkWorthiness).toEqual([]);
    tick("Prüfwürdigkeit", "Hoch (1)");
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
    expect(optionTexts("Autor/in")).toEqual(["Anna (1)", "Özlem (1)", "Zoe (1)"]);
    expect(optionTexts("Schlagwort")).toEqual(["arbeit (1)", "Ärger (1)", "Zoll (1)", "Ohne Schlagwort (2)"]);
  });

  it("keeps offering a chosen value after the last claim carrying it changed", () => {
    const { rerender } = renderWithIntl(<Harness />);
    tick("Tag", "economy (2)");
    rerender(<Harness items={claims.slice(1, 2)} shown={0} />);
    expect(ticked("Tag")).toEqual(["economy (0)"]);
    expect(kindButton("Tag").textContent).toContain("Tag: economy");
    expect(screen.getByText("0 of 1 claim shown")).toBeTruthy();
  });

  it("says which of a link's values it left out, in German too", () => {
    const ignored: IgnoredValue[] = [
      { kind: "claimType", value: "opinion" },
      { kind: "status", value: "archived" },
    ];
    const { unmount } = renderWithIntl(<Harness ignored={ignored} />);
    expect(screen.getByTestId("filter-ignored").textContent).toBe(
      "This link’s filter names values this list does not have, so they are left out: Claim type “opinion” and Review status “archived”.",
    );
    unmount();
    renderWithIntl(<Harness ignored={ignored.slice(0, 1)} />, { locale: "de" });
    expect(screen.getByTestId("filter-ignored").textContent).toBe(
      "Der Filter dieses Links nennt Werte, die diese Liste nicht hat; sie bleiben unberücksichtigt: Behauptungstyp „opinion“.",
    );
    cleanup();
    renderWithIntl(<Harness />);
    expect(screen.queryByTestId("filter-ignored")).toBeNull();
  });
});
