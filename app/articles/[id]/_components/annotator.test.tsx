// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ClaimDto } from "@/lib/claim-schema";
import type { Locale } from "@/lib/i18n/locales";
import { renderWithIntl } from "@/test-support/intl";
import { sourceInput } from "@/test-support/records";
import { claimOf, FIRST, renderAnnotator as renderAnnotatorPage, setUpAnnotatorTests, stubFetch, TEXT } from "./annotator-test-setup";
import { ClaimReview } from "./claim-review";

/**
 * The annotating page and a claim's review thread in both languages: the
 * page's words and accessible names, the article text marked with the
 * article's language, and dates and history in the interface's words.
 */

setUpAnnotatorTests();

const claim = (overrides: Partial<ClaimDto> = {}) => claimOf(FIRST, overrides);

function renderAnnotator(locale: Locale, claims: ClaimDto[]) {
  return renderAnnotatorPage({ locale, claims, assignmentStatus: "assigned", isTextFocused: false });
}

describe("Annotator", () => {
  const claims = [
    claim({ claimType: "statistic", verdict: "mostly_true", sources: [sourceInput()] }),
    claim({ id: "00000000-0000-4000-8000-0000000000c2", language: "en", authorName: "Ben", authorId: "user-ben" }),
  ];

  it("reads in English as before", () => {
    stubFetch({});
    renderAnnotator("en", claims);
    expect(screen.getByRole("region", { name: "Article text" })).toBeTruthy();
    const side = screen.getByRole("complementary", { name: "Claims" });
    expect(within(side).getByText("2 claims")).toBeTruthy();
    const items = within(side).getAllByTestId("claim-item");
    expect(items[0]?.textContent).toContain("Statistic · Mostly true · 1 source · Anna");
    expect(items[1]?.textContent).toContain("untyped · Unverified · Ben");
    expect(within(side).getByRole("button", { name: "Submit article for review" })).toBeTruthy();
    expect(screen.getByTestId("live-status").textContent).toBe("Live updates off");
  });

  it("reads in German, names its regions and controls in German, and keeps the article text in the article's language", () => {
    stubFetch({});
    renderAnnotator("de", claims);
    const text = screen.getByRole("region", { name: "Artikeltext" });
    // The text carries the article's language; the region's label stays in the interface's.
    expect(text.getAttribute("lang")).toBeNull();
    expect(text.querySelector('[lang="de"]')?.textContent).toBe(TEXT);
    // What the end-to-end specs find by test id: the text itself, in its language (e2e/i18n.spec.ts).
    expect(screen.getByTestId("article-text").getAttribute("lang")).toBe("de");
    expect(screen.getByTestId("article-text").textContent).toBe(TEXT);
    // The keys are listed in the shortcut overlay, one row per action, named as German keyboards label them.
    const help = document.getElementById("keyboard-help");
    expect(help?.closest("dialog")?.getAttribute("aria-labelledby")).toBe("shortcuts-title");
    expect(document.getElementById("shortcuts-title")?.textContent).toBe("Tastenkürzel");
    expect(help?.textContent).toContain("Pos1");
    expect(help?.textContent).toContain("Entf");
    expect(help?.querySelectorAll("tbody tr").length).toBe(16);
    expect(help?.querySelector('[data-shortcut="noClaim"]')?.textContent).toContain("Keine Behauptung");
    expect(help?.querySelector('[data-shortcut="exclude"] th')?.textContent).toBe("Umschalt+X");
    expect(screen.getByRole("button", { name: "Tastenkürzel" })).toBeTruthy();

    const side = screen.getByRole("complementary", { name: "Behauptungen" });
    expect(within(side).getByText("2 Behauptungen")).toBeTruthy();
    const list = within(side).getByRole("list", { name: "Behauptungen in Textreihenfolge" });
    const items = within(list).getAllByTestId("claim-item");
    expect(items[0]?.textContent).toContain("Statistik · Überwiegend richtig · 1 Quelle · Anna");
    expect(items[1]?.textContent).toContain("ohne Typ · Ungeprüft · Ben");
    // A claim's quote is in the claim's own language when it names one, else in the article's.
    expect(items[0]?.querySelector(".quote")?.getAttribute("lang")).toBe("de");
    expect(items[1]?.querySelector(".quote")?.getAttribute("lang")).toBe("en");

    const typeFilter = within(side).getByRole("button", { name: "Behauptungstyp: Alle Typen" });
    fireEvent.click(typeFilter);
    expect(within(side).getByRole("group", { name: "Nach Behauptungstyp filtern" }).id).toBe(typeFilter.getAttribute("aria-controls"));
    expect(within(side).getByRole("button", { name: "Artikel zur Prüfung einreichen" })).toBeTruthy();
    expect(within(side).getByRole("status").textContent).toBe("Alle Änderungen gespeichert");
    expect(screen.getByTestId("live-status").textContent).toBe("Live-Aktualisierungen aus");
  });

  it("says why a submission failed in German, with the server's own words inside", async () => {
    stubFetch({});
    renderAnnotator("de", []);
    expect(screen.getByText("Noch keine Behauptungen. Markieren Sie eine Textstelle oder erfassen Sie einen Satz über die Tastatur.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Artikel zur Prüfung einreichen" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Nicht eingereicht: Not found.");
    fireEvent.click(within(alert).getByRole("button", { name: "Ausblenden" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("ClaimReview", () => {
  const comments = {
    comments: [{ id: "k1", authorName: "Rita", body: "Bitte Quelle ergänzen.", decision: "request_changes", createdAt: "2025-03-03T14:05:00.000Z" }],
  };
  const events = {
    events: [
      { id: 1, action: "claim.created", actorName: "Anna", createdAt: "2025-03-03T14:05:09.000Z" },
      { id: 2, action: "claim.changes_requested", actorName: null, createdAt: "2025-03-04T09:00:00.000Z" },
      { id: 3, action: "claim.something_new", actorName: "Rita", createdAt: "2025-03-04T10:00:00.000Z" },
    ],
  };
  const paths = { [`/api/reviews/claims/${claim().id}/comments`]: comments, [`/api/reviews/claims/${claim().id}/history`]: events };

  function renderReview(locale: Locale) {
    stubFetch(paths);
    renderWithIntl(<ClaimReview claim={claim({ status: "changes_requested" })} canReview canComment refreshKey={0} onDecided={() => {}} />, {
      locale,
    });
    return screen.getByRole("region", { name: locale === "de" ? "Prüfung" : "Review" });
  }

  it("words the thread, the decisions and the history in German, with German dates", async () => {
    const review = renderReview("de");
    expect(within(review).getByTestId("claim-status").textContent).toBe("Änderungen angefordert");
    const comment = await within(review).findByTestId("comment");
    expect(comment.textContent).toContain("Änderungen angefordert");
    expect(comment.querySelector("time")?.getAttribute("dateTime")).toBe("2025-03-03T14:05:00.000Z");
    expect(comment.querySelector("time")?.textContent).toBe("03.03.2025, 14:05");
    expect(within(review).getByLabelText("Kommentar (erforderlich, um abzulehnen oder Änderungen anzufordern)")).toBeTruthy();
    for (const name of ["Kommentar hinzufügen", "Annehmen", "Änderungen anfordern", "Ablehnen"])
      expect(within(review).getByRole("button", { name })).toBeTruthy();

    const details = review.querySelector("details")!;
    details.open = true;
    fireEvent(details, new Event("toggle"));
    const history = await within(review).findByRole("list", { name: "Verlauf" });
    await waitFor(() => expect(within(history).getAllByRole("listitem")).toHaveLength(3));
    const entries = within(history)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(entries).toEqual([
      "03.03.2025, 14:05:09 — Anna: erstellt",
      "04.03.2025, 09:00:00 — System: Änderungen angefordert",
      // An action this page has no words for reads as recorded.
      "04.03.2025, 10:00:00 — Rita: claim.something_new",
    ]);
  });

  it("keeps the English words of the history as they were", async () => {
    const review = renderReview("en");
    expect(within(review).getByTestId("claim-status").textContent).toBe("Changes requested");
    const details = review.querySelector("details")!;
    details.open = true;
    fireEvent(details, new Event("toggle"));
    const history = await within(review).findByRole("list", { name: "History" });
    await waitFor(() => expect(within(history).getAllByRole("listitem")).toHaveLength(3));
    expect(within(history).getAllByRole("listitem")[1]?.textContent).toBe("Mar 4, 2025, 9:00:00 AM — system: changes requested");
  });
});
