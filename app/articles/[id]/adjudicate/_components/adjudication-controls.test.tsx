// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type MergeableClaim, planMerge, shorten } from "@/lib/adjudication-merge";
import type { ClaimDto } from "@/lib/claim-schema";
import { emptyClaimFields } from "@/lib/fields";
import type { Locale } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { renderWithIntl } from "@/test-support/intl";
import { sourceInput } from "@/test-support/records";
import {
  AcceptAgreedButton,
  AdjudicationProvider,
  CloseArticleButton,
  EditThenPromote,
  MergeBar,
  PromoteButton,
  SelectClaim,
  WriteGoldForm,
} from "./adjudication-controls";
import { wordRangeOf, wordRangeSpan } from "./gold-span-picker";
import { SentenceViewSwitch } from "./sentence-view-switch";

/**
 * The adjudication controls in German (and in English where the words must
 * match the merge rule's own): the merge bar's summary and quote note, the
 * outcome messages, the close confirmation, the gold form (its span by
 * keyboard and mouse, its sources), Accept all agreed and the view switch.
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
  // "Er beschloss 12 neue Stellen." is sentence 2, code points 25–54 (TEXT is all BMP, so code points are UTF-16 units).
  const SENTENCE = { start: 25, end: 54 };

  function renderForm(taxonomy = DEFAULT_TAXONOMY) {
    return renderWithIntl(
      <AdjudicationProvider articleId={ARTICLE_ID} articleText={TEXT} claims={[]}>
        <MergeBar canMerge={false} />
        <WriteGoldForm sentenceNumber={2} sentence={SENTENCE} taxonomy={taxonomy} articleLanguage="de" />
      </AdjudicationProvider>,
      { locale: "de" },
    );
  }

  /** Open the form's disclosure (happy-dom does not toggle <details> on a click on its summary). */
  function openForm() {
    const details = screen.getByText("Neue Goldstandard-Behauptung schreiben").closest("details")!;
    act(() => {
      details.open = true;
      details.dispatchEvent(new Event("toggle"));
    });
    return screen.getByRole("form", { name: "Neue Goldstandard-Behauptung für Satz 2" });
  }

  /** What the last request sent. */
  function sentBody() {
    const init = fetchMock.mock.calls.at(-1)?.[1];
    return JSON.parse(String(init?.body)) as { id: string; target: { start: number; end: number; exact: string }; fields: Record<string, unknown> };
  }

  async function save(form: HTMLElement) {
    await act(async () => void fireEvent.click(within(form).getByRole("button", { name: "Goldstandard-Behauptung speichern" })));
  }

  it("offers the whole claim form in German, the project's own labels as written, with the whole sentence as the quote", () => {
    renderForm({ ...DEFAULT_TAXONOMY, claimTypes: [...DEFAULT_TAXONOMY.claimTypes, { key: "budget", label: "Budget line" }] });
    const form = openForm();
    const type = within(form).getByLabelText("Behauptungstyp");
    expect(within(type).getByRole("option", { name: "Ereignis" })).toBeTruthy();
    expect(within(type).getByRole("option", { name: "Budget line" })).toBeTruthy();
    expect((within(form).getByLabelText("Bewertung") as HTMLSelectElement).selectedOptions[0]?.textContent).toBe("Ungeprüft");
    for (const label of ["Prüfwürdigkeit", "Sprecher/in (Zuschreibung)", "Normalisierte Behauptung", "Begründung", "Erstes Wort", "Letztes Wort"]) {
      expect(within(form).getByLabelText(label)).toBeTruthy();
    }
    expect(within(form).getByRole("button", { name: "Quelle hinzufügen" })).toBeTruthy();
    expect(within(form).queryByRole("button", { name: "Behauptung löschen" })).toBeNull();
    expect(within(form).getByTestId("claim-quote").textContent).toBe("Er beschloss 12 neue Stellen.");
  });

  it("narrows the quote word by word from the keyboard's lists and saves exactly that part of the sentence", async () => {
    fetchMock.mockResolvedValueOnce(new Response("{}", { status: 201 }));
    renderForm();
    const form = openForm();
    const first = within(form).getByLabelText("Erstes Wort") as HTMLSelectElement;
    const last = within(form).getByLabelText("Letztes Wort") as HTMLSelectElement;
    expect([...first.options].map((o) => o.textContent)).toEqual(["1. Er", "2. beschloss", "3. 12", "4. neue", "5. Stellen"]);
    fireEvent.change(first, { target: { value: "2" } });
    fireEvent.change(last, { target: { value: "3" } });
    expect(within(form).getByTestId("claim-quote").textContent).toBe("12 neue");
    expect(within(form).getByTestId("gold-span-sentence").querySelector("mark")?.textContent).toBe("12 neue");
    // A first word after the last moves the last along.
    fireEvent.change(first, { target: { value: "4" } });
    expect(last.value).toBe("4");
    fireEvent.change(first, { target: { value: "2" } });
    fireEvent.change(last, { target: { value: "4" } });
    fireEvent.change(within(form).getByLabelText("Prüfwürdigkeit"), { target: { value: "3" } });
    fireEvent.change(within(form).getByLabelText("Begründung"), { target: { value: "Der Haushalt nennt 10." } });
    await save(form);
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/api/reviews/articles/${ARTICLE_ID}/gold`);
    const body = sentBody();
    expect(body.target).toMatchObject({ start: 38, end: 54, exact: "12 neue Stellen." });
    expect(body.fields).toMatchObject({ checkWorthiness: 3, rationale: "Der Haushalt nennt 10.", claimType: "statistic", verdict: "unverified" });
    expect(screen.getByRole("status").textContent).toBe("Goldstandard-Behauptung für Satz 2 geschrieben.");
    expect(screen.queryByRole("form")).toBeNull();
  });

  it("takes a mouse selection inside the sentence as the words it touches", () => {
    renderForm();
    const form = openForm();
    const sentence = within(form).getByTestId("gold-span-sentence");
    // Select "schloss 12 ne" (part of two words): the quote becomes the whole words "beschloss 12 neue".
    const node = sentence.querySelector("mark")!.firstChild!;
    const range = document.createRange();
    range.setStart(node, 5);
    range.setEnd(node, 18);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    fireEvent.mouseUp(sentence);
    expect(within(form).getByTestId("claim-quote").textContent).toBe("beschloss 12 neue");
  });

  it("saves sources with their stance and excerpt, and checks them as the annotator's form does before sending anything", async () => {
    fetchMock.mockResolvedValueOnce(new Response("{}", { status: 201 }));
    renderForm();
    const form = openForm();
    fireEvent.click(within(form).getByRole("button", { name: "Quelle hinzufügen" }));
    const url = within(form).getByLabelText("URL (http oder https)");
    fireEvent.change(url, { target: { value: "ftp://example.org/haushalt" } });
    await save(form);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(url.getAttribute("aria-invalid")).toBe("true");
    expect(within(form).getByRole("alert").textContent).toBe("Korrigieren Sie zuerst die markierten Felder; es wurde nichts gespeichert.");

    fireEvent.change(url, { target: { value: "https://example.org/haushalt" } });
    fireEvent.change(within(form).getByLabelText("Haltung"), { target: { value: "refutes" } });
    fireEvent.change(within(form).getByLabelText("Auszug"), { target: { value: "Zehn Stellen sind vorgesehen." } });
    await save(form);
    const [source] = sentBody().fields.sources as Array<Record<string, unknown>>;
    expect(source).toMatchObject({ url: "https://example.org/haushalt", stance: "refutes", excerpt: "Zehn Stellen sind vorgesehen." });
    expect(typeof source?.id).toBe("string");
  });

  it("marks the field the server refused and keeps the form open", async () => {
    fetchMock.mockResolvedValueOnce(
      Response.json(
        { error: { code: "unprocessable:validation", message: "Invalid input — verdict: unknown verdict", fields: { verdict: "unknown verdict" } } },
        { status: 422 },
      ),
    );
    renderForm();
    const form = openForm();
    await save(form);
    expect(within(form).getByLabelText("Bewertung").getAttribute("aria-invalid")).toBe("true");
    expect(within(form).getByRole("alert").textContent).toBe("Invalid input — verdict: unknown verdict");
  });
});

describe("wordRangeSpan and wordRangeOf", () => {
  const words = [
    { start: 26, end: 28 },
    { start: 29, end: 38 },
  ];
  const sentence = { start: 25, end: 40 };
  it("widens to the sentence's edges at its first and last word, and snaps a selection to the words it touches", () => {
    expect(wordRangeSpan({ from: 0, to: 1 }, words, sentence)).toEqual(sentence);
    expect(wordRangeSpan({ from: 1, to: 1 }, words, sentence)).toEqual({ start: 29, end: 40 });
    expect(wordRangeSpan({ from: 1, to: 0 }, words, sentence)).toBeNull();
    expect(wordRangeOf(words, 27, 30)).toEqual({ from: 0, to: 1 });
    expect(wordRangeOf(words, 38, 40)).toBeNull();
  });
});

describe("AcceptAgreedButton", () => {
  function renderButton(count = 3, already = 1) {
    return renderWithIntl(<AcceptAgreedButton articleId={ARTICLE_ID} count={count} annotatorCount={2} already={already} />, { locale: "de" });
  }

  it("asks first, saying what will happen, and does nothing when cancelled", () => {
    renderButton();
    fireEvent.click(screen.getByRole("button", { name: "Alle übereinstimmenden übernehmen (3)" }));
    const question = screen.getByRole("group");
    expect(question.textContent).toContain("3 Goldstandard-Behauptungen aus den Sätzen anlegen, in denen alle 2 Annotator/innen übereinstimmen?");
    const yes = within(question).getByRole("button", { name: "3 Goldstandard-Behauptungen anlegen" });
    expect(document.activeElement).toBe(yes);
    fireEvent.click(within(question).getByRole("button", { name: "Abbrechen" }));
    expect(screen.queryByRole("group")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Alle übereinstimmenden übernehmen (3)" }));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("makes the gold claims in one request, is busy meanwhile, announces the result and refreshes the page", async () => {
    let answer: (response: Response) => void = () => {};
    fetchMock.mockReturnValueOnce(new Promise<Response>((resolve) => (answer = resolve)));
    renderButton();
    fireEvent.click(screen.getByRole("button", { name: "Alle übereinstimmenden übernehmen (3)" }));
    fireEvent.click(screen.getByRole("button", { name: "3 Goldstandard-Behauptungen anlegen" }));
    const busy = screen.getByRole("button", { name: "Goldstandard-Behauptungen werden angelegt …" });
    expect(busy).toHaveProperty("disabled", true);
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/api/reviews/articles/${ARTICLE_ID}/gold/agreed`);
    expect(fetchMock.mock.calls[0]?.[1]?.method).toBe("POST");
    await act(async () => answer(Response.json({ made: 3, already: 1, goldClaims: [] })));
    expect(screen.getByRole("status").textContent).toBe("3 Goldstandard-Behauptungen angelegt. 1 gab es schon.");
    expect(refresh).toHaveBeenCalled();
  });

  it("shows the server's refusal, and says when there is nothing to accept", async () => {
    fetchMock.mockResolvedValueOnce(
      Response.json(
        {
          error: {
            code: "conflict:article",
            message: "Accepting what annotators agree on needs at least two submitted annotators; this article has 1.",
          },
        },
        { status: 409 },
      ),
    );
    renderButton();
    fireEvent.click(screen.getByRole("button", { name: "Alle übereinstimmenden übernehmen (3)" }));
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "3 Goldstandard-Behauptungen anlegen" })));
    expect(screen.getByRole("alert").textContent).toBe(
      "Accepting what annotators agree on needs at least two submitted annotators; this article has 1.",
    );
    cleanup();
    renderButton(0, 2);
    expect(screen.getByRole("button", { name: "Alle übereinstimmenden übernehmen (0)" })).toHaveProperty("disabled", true);
    expect(screen.getByText("Nichts mehr zu übernehmen: Alle 2 übereinstimmenden Behauptungen sind schon im Goldstandard.")).toBeTruthy();
  });
});

describe("SentenceViewSwitch", () => {
  it("links both views with their counts, the current one marked for screen readers", () => {
    renderWithIntl(<SentenceViewSwitch articleId={ARTICLE_ID} view="disputed" disputedCount={4} allCount={31} />, { locale: "de" });
    const nav = screen.getByRole("navigation", { name: "Angezeigte Sätze" });
    const disputed = within(nav).getByRole("link", { name: "Strittig (4)" });
    const all = within(nav).getByRole("link", { name: "Alle (31)" });
    expect(disputed.getAttribute("aria-current")).toBe("page");
    expect(all.getAttribute("aria-current")).toBeNull();
    expect(disputed.getAttribute("href")).toBe(`/articles/${ARTICLE_ID}/adjudicate?show=disputed`);
    expect(all.getAttribute("href")).toBe(`/articles/${ARTICLE_ID}/adjudicate?show=all`);
  });
});

describe("EditThenPromote", () => {
  const source = sourceInput({ url: "https://example.org/rat", stance: "supports" });
  const annClaim: ClaimDto = {
    id: FIRST_SENTENCE.id,
    articleId: ARTICLE_ID,
    authorId: "ann",
    authorName: "Ann",
    target: { start: 0, end: 24, exact: FIRST_SENTENCE.exact, prefix: "", suffix: " Er beschloss" },
    sentenceIndexes: [1],
    ...emptyClaimFields(),
    claimType: "event",
    speaker: "Rat",
    sources: [source],
    status: "accepted",
    version: 1,
    isGold: false,
    createdAt: "2026-12-01T10:00:00.000Z",
    updatedAt: "2026-12-01T10:00:00.000Z",
    deletedAt: null,
  };

  it("opens the claim form filled with the claim and promotes it with the changes, its sources under new ids", async () => {
    fetchMock.mockResolvedValueOnce(new Response("{}", { status: 201 }));
    renderWithIntl(
      <AdjudicationProvider articleId={ARTICLE_ID} articleText={TEXT} claims={[FIRST_SENTENCE]}>
        <MergeBar canMerge />
        <EditThenPromote claim={annClaim} formKey="claim:c1:1" label="Anns Behauptung mit Änderungen übernehmen" taxonomy={DEFAULT_TAXONOMY} />
      </AdjudicationProvider>,
      { locale: "de" },
    );
    const details = screen.getByText("Bearbeiten, dann übernehmen").closest("details")!;
    act(() => {
      details.open = true;
      details.dispatchEvent(new Event("toggle"));
    });
    const form = screen.getByRole("form", { name: "Anns Behauptung mit Änderungen übernehmen" });
    expect((within(form).getByLabelText("Sprecher/in (Zuschreibung)") as HTMLInputElement).value).toBe("Rat");
    fireEvent.change(within(form).getByLabelText("Bewertung"), { target: { value: "false" } });
    await act(async () => void fireEvent.click(within(form).getByRole("button", { name: "Mit diesen Änderungen übernehmen" })));
    expect(fetchMock.mock.calls[0]?.[0]).toBe("/api/reviews/gold");
    const body = JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body)) as {
      claimIds: string[];
      fields: { verdict: string; speaker: string; sources: Array<{ id: string; url: string }> };
    };
    expect(body.claimIds).toEqual([annClaim.id]);
    expect(body.fields).toMatchObject({ verdict: "false", speaker: "Rat", claimType: "event" });
    expect(body.fields.sources.map((s) => s.url)).toEqual(["https://example.org/rat"]);
    expect(body.fields.sources[0]?.id).not.toBe(source.id);
    expect(screen.getByRole("status").textContent).toBe("In den Goldstandard übernommen.");
  });
});
