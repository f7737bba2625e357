// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type MergeableClaim, planMerge, shorten } from "@/lib/adjudication-merge";
import type { Locale } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { renderWithIntl } from "@/test-support/intl";
import { AdjudicationProvider, CloseArticleButton, MergeBar, PromoteButton, SelectClaim, WriteGoldForm } from "./adjudication-controls";

/**
 * The adjudication controls in German (and in English where the words must
 * match the merge rule's own): the merge bar's summary and quote note, the
 * outcome messages, the close confirmation and the gold form's labels.
 */

const refresh = vi.hoisted(() => vi.fn());
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

const ARTICLE_ID = "00000000-0000-4000-8000-0000000000a1";
const TEXT = "Der Rat tagte am Montag. Er beschloss 12 neue Stellen. Niemand widersprach.";

/** A claim on TEXT[start, end). */
function claim(id: string, authorName: string, start: number, end: number): MergeableClaim {
  return { id, authorName, start, end, exact: TEXT.slice(start, end) };
}

const FIRST_SENTENCE = claim("00000000-0000-4000-8000-0000000000c1", "Ann", 0, 24);
const SECOND_SENTENCE = claim("00000000-0000-4000-8000-0000000000c2", "Bob", 25, 54);
const PART_OF_FIRST = claim("00000000-0000-4000-8000-0000000000c3", "Bob", 8, 23);
const THIRD_SENTENCE = claim("00000000-0000-4000-8000-0000000000c4", "Cem", 55, 75);

function renderBar(claims: MergeableClaim[], locale: Locale) {
  return renderWithIntl(
    <AdjudicationProvider articleId={ARTICLE_ID} articleText={TEXT} claims={claims}>
      <MergeBar canMerge />
      {claims.map((c) => (
        <div key={c.id}>
          <SelectClaim claimId={c.id} label={`select ${c.authorName} ${c.start}`} />
          <PromoteButton claimId={c.id} label={`promote ${c.authorName} ${c.start}`} />
        </div>
      ))}
    </AdjudicationProvider>,
    { locale },
  );
}

/** Tick the claims' boxes in this order (the first one ticked gives the fields). */
function tick(...claims: MergeableClaim[]) {
  for (const c of claims) fireEvent.click(screen.getByRole("checkbox", { name: `select ${c.authorName} ${c.start}` }));
}

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fetchMock.mockReset();
  refresh.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("MergeBar", () => {
  it("asks in German for two claims, then says how many are selected and whose fields the gold claim takes", () => {
    renderBar([FIRST_SENTENCE, SECOND_SENTENCE], "de");
    const bar = screen.getByRole("region", { name: "Ausgewählte Behauptungen zusammenführen" });
    expect(bar.textContent).toContain("Haken Sie zwei oder mehr Behauptungen an, um sie zu einer Goldstandard-Behauptung zusammenzuführen.");
    expect(within(bar).getByRole("button", { name: "Zu Goldstandard zusammenführen" })).toHaveProperty("disabled", true);
    expect(within(bar).getByRole("button", { name: "Auswahl aufheben" })).toHaveProperty("disabled", true);

    tick(SECOND_SENTENCE);
    expect(bar.textContent).toContain("1 Behauptung ausgewählt. Die Felder stammen aus #1, der Behauptung von Bob.");
    tick(FIRST_SENTENCE);
    expect(bar.textContent).toContain("2 Behauptungen ausgewählt. Die Felder stammen aus #1, der Behauptung von Bob.");
    expect(within(bar).getByRole("button", { name: "Zu Goldstandard zusammenführen" })).toHaveProperty("disabled", false);
  });

  it.each([
    ["touching quotes: their union", [FIRST_SENTENCE, SECOND_SENTENCE], "Textstelle: die Vereinigung der ausgewählten Textstellen, „"],
    ["a quote inside the first: the first one's", [FIRST_SENTENCE, PART_OF_FIRST], "Textstelle: „Der Rat tagte am Montag.“."],
    [
      "quotes apart: the first one's, kept",
      [FIRST_SENTENCE, THIRD_SENTENCE],
      "Die Textstellen hängen nicht zusammen: Die Goldstandard-Behauptung behält die Textstelle von Ann, „Der Rat tagte am Montag.“.",
    ],
  ])("words the quote the merge takes in German (%s)", (_case, claims, words) => {
    renderBar(claims, "de");
    tick(...claims);
    expect(screen.getByRole("region", { name: "Ausgewählte Behauptungen zusammenführen" }).textContent).toContain(words);
  });

  it.each([
    ["touching", [FIRST_SENTENCE, SECOND_SENTENCE]],
    ["inside the first", [FIRST_SENTENCE, PART_OF_FIRST]],
    ["inside the first, ticked second", [PART_OF_FIRST, FIRST_SENTENCE]],
    ["apart", [FIRST_SENTENCE, THIRD_SENTENCE]],
    ["three in a row, the last one ticked first", [THIRD_SENTENCE, FIRST_SENTENCE, SECOND_SENTENCE]],
  ])("in English says exactly what the merge rule decided (%s)", (_case, claims) => {
    renderBar(claims, "en");
    tick(...claims);
    const bar = screen.getByRole("region", { name: "Merge selected claims" });
    // The words the rule's outcome is given in English, filled in as the page does (lib/adjudication-merge.ts decides, the page words it).
    const plan = planMerge(TEXT, claims);
    const words = MESSAGES.en.review.adjudicate;
    const expected =
      plan.outcome === "union"
        ? words.quoteUnion.replace("{quote}", shorten(plan.quote, 80))
        : plan.outcome === "first"
          ? words.quoteFirst.replace("{quote}", shorten(plan.quote, 80))
          : plan.outcome === "not_contiguous"
            ? words.quoteNotContiguous.replace("{name}", plan.authorName).replace("{quote}", shorten(plan.quote, 40))
            : "";
    expect(expected).not.toBe("");
    expect(bar.textContent).toContain(expected);
  });

  it("merges, clears the selection and says so in German", async () => {
    fetchMock.mockResolvedValue(new Response("{}", { status: 201 }));
    renderBar([FIRST_SENTENCE, SECOND_SENTENCE], "de");
    tick(FIRST_SENTENCE, SECOND_SENTENCE);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Zu Goldstandard zusammenführen" }));
    });
    expect(fetchMock).toHaveBeenCalledOnce();
    expect(screen.getByRole("status").textContent).toBe("2 Behauptungen zu einer Goldstandard-Behauptung zusammengeführt.");
    expect(screen.getByRole("checkbox", { name: `select Ann 0` })).toHaveProperty("checked", false);
    expect(refresh).toHaveBeenCalled();
  });

  it("reports a promote, a refusal without the server's words and a network failure in German", async () => {
    renderBar([FIRST_SENTENCE, SECOND_SENTENCE], "de");
    const promote = screen.getByRole("button", { name: "promote Ann 0" });
    expect(promote.textContent).toBe("Übernehmen");

    fetchMock.mockResolvedValueOnce(new Response("{}", { status: 201 }));
    await act(async () => void fireEvent.click(promote));
    expect(screen.getByRole("status").textContent).toBe("In den Goldstandard übernommen.");

    fetchMock.mockResolvedValueOnce(new Response("upstream down", { status: 502 }));
    await act(async () => void fireEvent.click(promote));
    expect(screen.getByRole("status").textContent).toBe("Anfrage fehlgeschlagen (502).");

    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await act(async () => void fireEvent.click(promote));
    expect(screen.getByRole("status").textContent).toBe(
      "Netzwerkfehler: Die Goldstandard-Behauptung wurde womöglich nicht gespeichert. Versuchen Sie es erneut (sie wird nicht doppelt angelegt).",
    );
  });

  it("shows the server's own message as it comes", async () => {
    fetchMock.mockResolvedValueOnce(Response.json({ error: { code: "conflict:claim", message: "That claim is already gold." } }, { status: 409 }));
    renderBar([FIRST_SENTENCE], "de");
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "promote Ann 0" })));
    expect(screen.getByRole("status").textContent).toBe("That claim is already gold.");
  });
});

describe("SelectClaim", () => {
  it("shows its place in the selection, or “Auswählen”", () => {
    renderBar([FIRST_SENTENCE, SECOND_SENTENCE], "de");
    const labelOf = (c: MergeableClaim) => screen.getByRole("checkbox", { name: `select ${c.authorName} ${c.start}` }).closest("label")!;
    expect(labelOf(FIRST_SENTENCE).textContent).toBe("Auswählen");
    tick(SECOND_SENTENCE, FIRST_SENTENCE);
    expect(labelOf(SECOND_SENTENCE).textContent).toBe("#1");
    expect(labelOf(FIRST_SENTENCE).textContent).toBe("#2");
  });
});

describe("CloseArticleButton", () => {
  /** The person's answer to window.confirm (happy-dom has no dialogs of its own). */
  function answerConfirm(answer: boolean) {
    const confirm = vi.fn((_question: string) => answer);
    vi.stubGlobal("confirm", confirm);
    return confirm;
  }

  it.each([
    [
      true,
      "Diesen Artikel abschließen? Die Annotation daran endet, und alle Annotator/innen sehen die Behauptungen aller und die Goldstandard-Behauptungen.",
    ],
    [false, "Diesen Artikel abschließen? Die Annotation daran endet."],
  ])("asks in German before closing (blind: %s) and does nothing when declined", (isBlind, question) => {
    const confirm = answerConfirm(false);
    renderWithIntl(<CloseArticleButton articleId={ARTICLE_ID} isClosed={false} isBlind={isBlind} />, { locale: "de" });
    fireEvent.click(screen.getByRole("button", { name: "Artikel abschließen" }));
    expect(confirm).toHaveBeenCalledWith(question);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("reopens after asking, and says in German when the request did not get through", async () => {
    const confirm = answerConfirm(true);
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    renderWithIntl(<CloseArticleButton articleId={ARTICLE_ID} isClosed isBlind />, { locale: "de" });
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Artikel wieder öffnen" })));
    expect(confirm).toHaveBeenCalledWith(
      "Diesen Artikel wieder öffnen? Annotator/innen können ihre Behauptungen dann wieder ändern, und der Blindmodus gilt wieder.",
    );
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/api/reviews/articles/${ARTICLE_ID}/reopen`);
    expect(screen.getByRole("alert").textContent).toBe("Netzwerkfehler: Der Artikel wurde womöglich nicht geändert. Versuchen Sie es erneut.");
  });
});

describe("WriteGoldForm", () => {
  const target = { start: 25, end: 54, exact: SECOND_SENTENCE.exact, prefix: "", suffix: "" };

  function renderForm(claimTypes = DEFAULT_TAXONOMY.claimTypes) {
    return renderWithIntl(
      <AdjudicationProvider articleId={ARTICLE_ID} articleText={TEXT} claims={[]}>
        <MergeBar canMerge={false} />
        <WriteGoldForm sentenceNumber={2} target={target} claimTypes={claimTypes} verdicts={DEFAULT_TAXONOMY.verdicts} defaultVerdict="unverified" />
      </AdjudicationProvider>,
      { locale: "de" },
    );
  }

  it("names its form and fields in German; default labels read in German, a project's own as written", () => {
    renderForm([...DEFAULT_TAXONOMY.claimTypes, { key: "budget", label: "Budget line" }]);
    expect(screen.getByText("Neue Goldstandard-Behauptung schreiben")).toBeTruthy();
    const form = screen.getByRole("form", { name: "Neue Goldstandard-Behauptung für Satz 2" });
    const type = within(form).getByLabelText("Behauptungstyp");
    expect(within(type).getByRole("option", { name: "Ereignis" })).toBeTruthy();
    expect(within(type).getByRole("option", { name: "Budget line" })).toBeTruthy();
    expect(within(type).getByRole("option", { name: "— keiner —" })).toBeTruthy();
    expect((within(form).getByLabelText("Bewertung") as HTMLSelectElement).selectedOptions[0]?.textContent).toBe("Ungeprüft");
    expect(within(form).getByLabelText("Sprecher/in")).toBeTruthy();
    expect(within(form).getByLabelText("Normalisierte Behauptung")).toBeTruthy();
    expect(within(form).getByRole("button", { name: "Goldstandard-Behauptung speichern" })).toBeTruthy();
  });

  it("says in German which sentence got its gold claim", async () => {
    fetchMock.mockResolvedValueOnce(new Response("{}", { status: 201 }));
    renderForm();
    const form = screen.getByRole("form", { name: "Neue Goldstandard-Behauptung für Satz 2" });
    await act(async () => void fireEvent.click(within(form).getByRole("button", { name: "Goldstandard-Behauptung speichern" })));
    expect(screen.getByRole("status").textContent).toBe("Goldstandard-Behauptung für Satz 2 geschrieben.");
  });
});
