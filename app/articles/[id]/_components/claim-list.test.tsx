// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ClaimDto } from "@/lib/claim-schema";
import { claimColor } from "@/lib/client/claim-colors";
import { draftOf } from "@/lib/client/claim-fields";
import { emptyClaimFields } from "@/lib/fields";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { renderWithIntl } from "@/test-support/intl";
import { ClaimList } from "./claim-list";
import type { VisibleClaim } from "./use-claim-store";

const TEXT = "Title\n\nExports fell by 3 percent. The government expects growth. Critics disagree.";

function visibleClaim(id: string, exact: string, overrides: Partial<ClaimDto> = {}): VisibleClaim {
  const start = TEXT.indexOf(exact);
  const claim: ClaimDto = {
    id,
    articleId: "a",
    authorId: "me",
    authorName: "Anna",
    target: { start, end: start + exact.length, exact, prefix: "", suffix: "" },
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

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

// The filter lives in the page's address: each test starts from a page without one.
beforeEach(() => window.history.replaceState(null, "", "/articles/a"));
afterEach(cleanup);

/** Opens a kind of the filters (its button starts with the kind's name) and gives its panel. */
function openKind(kind: string): HTMLElement {
  const button = screen.getByRole("button", { name: new RegExp(`^${kind}: `) });
  if (button.getAttribute("aria-expanded") !== "true") fireEvent.click(button);
  return document.getElementById(button.getAttribute("aria-controls") ?? "")!;
}
/** A kind's checkboxes, each with what a person reads on it ("Statistic (2)"). */
const options = (kind: string) =>
  within(openKind(kind))
    .getAllByRole<HTMLInputElement>("checkbox")
    .map((box) => ({ box, text: box.closest("label")?.textContent ?? "" }));
/** What a kind has ticked. */
const ticked = (kind: string) =>
  options(kind)
    .filter((o) => o.box.checked)
    .map((o) => o.text);
/** Ticks or unticks a kind's value by its label, whatever its count. */
function tick(kind: string, label: string) {
  const found = options(kind).find((o) => o.text.startsWith(`${label} (`));
  if (!found) throw new Error(`${kind} has no ${label}`);
  fireEvent.click(found.box);
}

function colours() {
  return Object.fromEntries(screen.getAllByTestId("claim-item").map((item) => [item.dataset.claimId, item.style.getPropertyValue("--c")]));
}

describe("ClaimList", () => {
  const later = [visibleClaim(id(2), "The government expects growth."), visibleClaim(id(3), "Critics disagree.")];

  it("gives each claim its own colour, which a claim added earlier in the text does not change", () => {
    const props = { selectedId: null, taxonomy: DEFAULT_TAXONOMY, currentUserId: "me", articleLanguage: "en", onChoose: () => {} };
    const { rerender } = renderWithIntl(<ClaimList claims={later} {...props} />);
    const before = colours();
    expect(before).toEqual({ [id(2)]: claimColor(id(2)), [id(3)]: claimColor(id(3)) });

    rerender(<ClaimList claims={[visibleClaim(id(1), "Exports fell by 3 percent."), ...later]} {...props} />);
    const after = colours();
    expect(screen.getAllByTestId("claim-item")[0]?.dataset.claimId).toBe(id(1));
    expect(after[id(2)]).toBe(before[id(2)]);
    expect(after[id(3)]).toBe(before[id(3)]);
  });

  it("chooses a claim by click or Enter, marks the open one, and filters by type and author", () => {
    const onChoose = vi.fn();
    const claims = [
      visibleClaim(id(1), "Exports fell by 3 percent.", { claimType: "statistic" }),
      visibleClaim(id(2), "Critics disagree.", { authorId: "ben" }),
    ];
    renderWithIntl(
      <ClaimList claims={claims} selectedId={id(2)} taxonomy={DEFAULT_TAXONOMY} currentUserId="me" articleLanguage="en" onChoose={onChoose} />,
    );
    const list = screen.getByRole("list", { name: "Claims in text order" });
    const items = within(list).getAllByTestId("claim-item");
    expect(items.map((item) => item.getAttribute("aria-current"))).toEqual(["false", "true"]);
    fireEvent.click(items[0]!);
    fireEvent.keyDown(items[1]!, { key: "Enter" });
    expect(onChoose.mock.calls).toEqual([[id(1)], [id(2)]]);

    tick("Claim type", "Statistic");
    expect(
      within(list)
        .getAllByTestId("claim-item")
        .map((item) => item.dataset.claimId),
    ).toEqual([id(1)]);
    tick("Claim type", "Statistic");
    fireEvent.click(screen.getByRole("checkbox", { name: "Mine" }));
    expect(
      within(list)
        .getAllByTestId("claim-item")
        .map((item) => item.dataset.claimId),
    ).toEqual([id(1)]);
  });

  const props = { taxonomy: DEFAULT_TAXONOMY, currentUserId: "me", articleLanguage: "en", onChoose: () => {} };
  const shownIds = () => screen.queryAllByTestId("claim-item").map((item) => item.dataset.claimId);
  const search = (text: string, name = "Search claims") => fireEvent.change(screen.getByRole("searchbox", { name }), { target: { value: text } });
  const muenchen = [
    visibleClaim(id(1), "Exports fell by 3 percent.", { claimType: "statistic", verdict: "false", tags: ["economy"] }),
    visibleClaim(id(2), "The government expects growth.", { speaker: "Ministerin aus München", authorId: "ben", authorName: "Ben" }),
    visibleClaim(id(3), "Critics disagree.", { rationale: "Der Bericht nennt Zahlen aus Mu\u0308nchen.", status: "submitted", checkWorthiness: 2 }),
  ];

  it("searches quote, speaker and rationale in any case and Unicode form, and says how many it shows", () => {
    renderWithIntl(<ClaimList claims={muenchen} selectedId={null} {...props} />);
    expect(screen.getByText("3 of 3 claims shown").closest("[aria-live]")?.getAttribute("aria-live")).toBe("polite");
    search("MÜNCHEN");
    expect(shownIds()).toEqual([id(2), id(3)]);
    expect(screen.getByText("2 of 3 claims shown")).toBeTruthy();
    search("exports FELL");
    expect(shownIds()).toEqual([id(1)]);
    search("nothing like this");
    expect(shownIds()).toEqual([]);
    expect(screen.getByText("No claims match these filters.")).toBeTruthy();
    // The list itself stays, empty, where the e2e specs and screen readers find it.
    expect(screen.getByRole("list", { name: "Claims in text order" })).toBeTruthy();
  });

  it("combines a search with every kind, and clears them all at once", () => {
    renderWithIntl(<ClaimList claims={muenchen} selectedId={null} {...props} />);
    search("münchen");
    tick("Review status", "Submitted for review");
    expect(shownIds()).toEqual([id(3)]);
    tick("Check-worthiness", "High");
    expect(shownIds()).toEqual([]);
    expect(screen.getByText("0 of 3 claims shown")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    expect(shownIds()).toEqual([id(1), id(2), id(3)]);
    expect(screen.getByRole<HTMLInputElement>("searchbox", { name: "Search claims" }).value).toBe("");
    tick("Tag", "economy");
    tick("Verdict", "False");
    expect(shownIds()).toEqual([id(1)]);
    tick("Author", "Ben");
    expect(shownIds()).toEqual([]);
    // Several values of a kind: a claim by either author.
    tick("Author", "Anna");
    expect(shownIds()).toEqual([id(1)]);
  });

  it("keeps its filter through live updates, which it filters too", () => {
    const { rerender } = renderWithIntl(<ClaimList claims={muenchen} selectedId={null} {...props} />);
    tick("Claim type", "Statistic");
    expect(shownIds()).toEqual([id(1)]);
    const arrived = visibleClaim(id(4), "Title", { claimType: "statistic", authorId: "ben", authorName: "Ben" });
    const retyped = { ...muenchen[1]!, draft: { ...muenchen[1]!.draft, claimType: "statistic" } };
    rerender(<ClaimList claims={[arrived, muenchen[0]!, retyped, muenchen[2]!]} selectedId={null} {...props} />);
    expect(ticked("Claim type")).toEqual(["Statistic (3)"]);
    expect(shownIds()).toEqual([id(4), id(1), id(2)]);
    expect(screen.getByText("3 of 4 claims shown")).toBeTruthy();
  });

  it("says the open claim is hidden, without choosing another or closing it", () => {
    const onChoose = vi.fn();
    renderWithIntl(<ClaimList claims={muenchen} selectedId={id(2)} {...props} onChoose={onChoose} />);
    expect(screen.queryByText(/The open claim is hidden/)).toBeNull();
    fireEvent.click(screen.getByRole("checkbox", { name: "Mine" }));
    expect(shownIds()).toEqual([id(1), id(3)]);
    // Said with the count, in its live region, so a screen reader hears it as the filter changes.
    const hidden = screen.getByText("The open claim is hidden by these filters; its editor stays open.");
    expect(hidden.closest("[aria-live]")).toBe(screen.getByText("2 of 3 claims shown").closest("[aria-live]"));
    expect(onChoose).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("checkbox", { name: "Mine" }));
    expect(
      screen
        .getAllByTestId("claim-item")
        .find((item) => item.dataset.claimId === id(2))
        ?.getAttribute("aria-current"),
    ).toBe("true");
    expect(screen.queryByText(/The open claim is hidden/)).toBeNull();
  });

  it("filters and counts in German", () => {
    renderWithIntl(<ClaimList claims={muenchen} selectedId={id(1)} {...props} />, { locale: "de" });
    expect(screen.getByRole("list", { name: "Behauptungen in Textreihenfolge" })).toBeTruthy();
    search("münchen", "Behauptungen durchsuchen");
    expect(shownIds()).toEqual([id(2), id(3)]);
    expect(screen.getByText("2 von 3 Behauptungen angezeigt")).toBeTruthy();
    expect(screen.getByText("Die geöffnete Behauptung ist durch diese Filter ausgeblendet; ihr Editor bleibt geöffnet.")).toBeTruthy();
    expect(options("Prüfstatus")[1]?.text).toBe("Zur Prüfung eingereicht (1)");
    tick("Prüfstatus", "Angenommen");
    expect(screen.getByText("Keine Behauptung entspricht diesen Filtern.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Filter zurücksetzen" }));
    expect(screen.getByText("3 von 3 Behauptungen angezeigt")).toBeTruthy();
  });

  it("takes its filter from the page's address, says what it left out, and writes its changes back beside ?claim=", () => {
    window.history.replaceState(null, "", "/articles/a?claim=c1&f.type=statistic&f.tag=gone");
    renderWithIntl(<ClaimList claims={muenchen} selectedId={null} {...props} />);
    expect(shownIds()).toEqual([id(1)]);
    expect(screen.getByTestId("filter-ignored").textContent).toContain("Tag “gone”");
    tick("Claim type", "No type");
    expect(shownIds()).toEqual([id(1), id(2), id(3)]);
    expect(window.location.search).toBe("?claim=c1&f.type=statistic&f.type=%21none");
    expect(screen.queryByTestId("filter-ignored")).toBeNull();
  });

  it("says there are none yet, in German too", () => {
    renderWithIntl(
      <ClaimList claims={[]} selectedId={null} taxonomy={DEFAULT_TAXONOMY} currentUserId="me" articleLanguage="de" onChoose={() => {}} />,
      {
        locale: "de",
      },
    );
    expect(screen.getByText("Noch keine Behauptungen. Markieren Sie eine Textstelle oder erfassen Sie einen Satz über die Tastatur.")).toBeTruthy();
  });
});
