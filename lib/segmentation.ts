/**
 * Sentence segmentation for German and English news articles.
 *
 * Why a hand-written scanner instead of `Intl.Segmenter`: ICU's sentence
 * rules split German text after every ordinal and most abbreviations
 * ("Am 19. | November", "Dr. | Müller", "z. | B."), and their exact output
 * depends on the ICU build of the runtime (Node vs. browser vs. next Node
 * release). Sentence spans are used to anchor annotations, so they must be
 * identical on server and client and stable across upgrades; a small
 * deterministic rule set gives us that and is also several times faster.
 *
 * Offsets are UTF-16 code units (JavaScript string indices), end exclusive.
 *
 * Articles keep the sentences stored at import, so a rule change here only
 * affects articles imported (or restored from an export) after it.
 */

export type SentenceSpan = { index: number; start: number; end: number };

// ---------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------

/**
 * Full-width (and half-width "｡") CJK terminators. Chinese and Japanese put no
 * space between sentences, so these end a sentence without one, and they are
 * never part of an abbreviation or a number.
 */
const CJK_TERMINATORS = new Set(["。", "？", "！", "｡"]);

const TERMINATORS = new Set([".", "!", "?", "…", "‼", "⁇", "⁈", "⁉", ...CJK_TERMINATORS]);

/**
 * Bidirectional formatting characters (LRM, RLM, ALM, embeddings, overrides,
 * isolates). Editors and RTL sites insert them next to punctuation; they are
 * invisible, so they neither end nor prevent a sentence end, and one right
 * after a terminator stays with the sentence it follows.
 */
const BIDI_MARKS = new Set(["\u200E", "\u200F", "\u061C", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"]);

/** The brackets and quotes of Chinese and Japanese text, full- and half-width. */
const CJK_CLOSERS = ["」", "』", "）", "】", "〕", "〗", "》", "〉", "｣", "＂", "＇"];
const CJK_OPENERS = ["「", "『", "（", "【", "〔", "〖", "《", "〈", "｢"];

/**
 * Characters that close a quotation or bracket when they directly follow a
 * terminator. “ is here because German closes „…“ with it, « because German
 * closes »…« with it; whether a quote opens or closes is decided by position
 * (adjacent to the terminator = closing), not by the glyph.
 */
const CLOSERS = new Set(['"', "'", "”", "“", "’", "‘", "»", "«", "›", "‹", ")", "]", "}", ...CJK_CLOSERS]);

/** Characters that may open the next sentence (quotes of every style, brackets). */
const OPENERS = new Set(['"', "'", "„", "“", "”", "‚", "‘", "’", "»", "«", "›", "‹", "(", "[", "{", "¿", "¡", ...CJK_OPENERS]);

/**
 * After a CJK terminator these continue the sentence: a comma or colon after a closing
 * quote (“好！”，他说。) and the Japanese quotative particles after one (「はい。」と言った).
 */
const CJK_CONTINUATIONS = new Set(["，", "、", "：", "；", ",", ":", ";"]);
const CJK_QUOTATIVES = new Set(["と", "っ"]);

/**
 * List bullets. "•"-like glyphs are bullets wherever they stand; "-", "*" and the dashes
 * only at the start of a line, since inside a line they are hyphens, footnotes or dashes.
 */
const BULLETS = new Set(["•", "◦", "▪", "‣", "▸", "►"]);
const LINE_START_BULLETS = new Set(["-", "*", "–", "—"]);

const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const SYMBOL = /\p{S}/u;
const SPACE = /\s/u;
const EMOJI_PART = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200D|\uFE0F/u;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE.test(ch);
}

function isLineBreak(code: number): boolean {
  // \r and the Unicode separators are accepted too, although callers normalise to \n.
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029 || code === 0x85;
}

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

/**
 * How an abbreviation behaves before a capitalised word:
 * - never: it is always followed by more of the same sentence (titles, "z.B.", "vgl.").
 * - digit: it only is an abbreviation before a number ("No. 5", "Art. 3").
 * - final: it can legitimately end a sentence ("U.S.", "Inc.", "Mio."); we only
 *   split if the next word is a typical sentence opener ("The", "Die", "Er").
 * - state: a US state in AP style; after "Savannah, Ga." a capital starts a new sentence,
 *   because AP closes a mid-sentence state with a comma ("Savannah, Ga., residents").
 * - month: an abbreviated month: never before a day number, otherwise like final.
 * - time: "a.m."/"p.m.": a sentence end unless a weekday, month or time zone follows
 *   ("8 p.m. Friday", "9 a.m. ET").
 */
type AbbreviationKind = "never" | "digit" | "final" | "state" | "month" | "time";

const ABBREVIATIONS = new Map<string, AbbreviationKind>();

function addAbbreviations(kind: AbbreviationKind, words: string): void {
  for (const word of words.split(/\s+/)) if (word) ABBREVIATIONS.set(word, kind);
}

// German titles, references and lowercase adverbial abbreviations.
addAbbreviations(
  "never",
  `Dr. Prof. Dipl. Ing. Mag. Dir. Präs. Vors. Abg. Bgm. Hr. Hrn. Fr. Frl. Str. Pl. Jh. Jhd. Jahrh.
   Nr. Az. Abs. Ziff. Kap. Abschn. Anm. Abb. Tab. Bsp. Bd. Jg. Tel. Std. Min. Sek.
   ca. bzw. vgl. ggf. evtl. inkl. exkl. zzgl. sog. bzgl. ggü. gem. lt. rd. insb. bspw. allg. max. min. mind.
   urspr. einschl. geb. gest. verh. sen. jun. Gebr.
   z.B. d.h. u.a. o.ä. o.Ä. u.ä. u.Ä. v.a. z.T. i.d.R. s.o. s.u. m.E. u.U. z.Zt. i.A. i.V.`,
);
// English titles and references.
addAbbreviations(
  "never",
  `Mr. Mrs. Ms. Messrs. Mmes. Gen. Sen. Sens. Rep. Reps. Gov. Lt. Col. Maj. Capt. Cmdr. Adm. Sgt. Cpl. Pvt.
   Rev. Hon. Pres. Supt. Atty. Mt. Ft. vs. cf. approx. est. Dept. Univ. Assn. e.g. i.e. viz.`,
);
// German weekdays ("am Sa. 14. Dezember"); "Mo." is left to the US state Missouri.
addAbbreviations("digit", "No. Nos. Art. Sec. Ch. Vol. Fig. p. pp. Di. Mi. Do. Sa. So.");
// "St." is Sankt/Saint before a name but "Street" at the end of an address.
addAbbreviations("final", "St. Inc. Corp. Co. Ltd. Bros. Jr. Sr. Esq. Ave. Blvd. Rd. al. Mio. Mrd. Tsd. Hbf. Hrsg. Aufl.");
// The parts of German and Austrian academic degrees ("Dr. med.", "Prof. Dr. rer. nat.", "Dr. h.c. mult.").
// Final, not never: a degree can end a sentence ("Seit 2019 ist sie Dr. med. Ihre Arbeit …"); only the
// lowercase spelling counts, so "Med." or "Nat." at a sentence start are not taken for them.
addAbbreviations(
  "final",
  "med. dent. vet. phil. jur. iur. rer. nat. pol. oec. soc. publ. techn. theol. agr. paed. sc. mont. habil. mult. univ. h.c.",
);
addAbbreviations(
  "state",
  `Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Mo. Mont.
   Neb. Nev. Okla. Ore. Pa. Tenn. Tex. Va. Vt. Wash. Wis. Wyo.`,
);
addAbbreviations("time", "a.m. p.m.");
addAbbreviations("month", "Jan. Feb. Febr. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Okt. Nov. Dec. Dez.");

/**
 * Closed-class words that typically open a sentence. After an ambiguous
 * period ("U.S.", a single initial, an ordinal-looking number) a following
 * open-class capitalised word is more likely a name or a German noun that
 * continues the sentence, while one of these signals a new sentence.
 */
const SENTENCE_OPENERS = new Set(
  `Der Die Das Den Dem Des Ein Eine Einen Einem Einer Eines Er Sie Es Wir Ihr Ich Man Du Dies Diese Dieser
   Dieses Diesem Diesen Dass Doch Aber Und Oder Denn Auch Auf In Im Am An Als Bei Beim Mit Nach Vor Seit Zu
   Zum Zur Von Vom Für Gegen Ohne Um Unter Über Trotz Wegen Während Laut Zudem Außerdem Dann Danach Damit
   Dabei Dazu Daher Deshalb Darum Dort Hier Heute Gestern Nun Jetzt Noch Schon So Wie Was Wer Wo Wann Warum
   Weshalb Ob Wenn Weil Obwohl Nachdem Bevor Seine Ihre Unser Unsere Jeder Jede Alle Viele Einige Mehrere
   Kein Keine Nicht Nur Bereits Zuvor Zunächst Später Inzwischen Allerdings Jedoch Trotzdem Insgesamt Zuletzt
   Erst Gleichzeitig Demnach Somit Also Ebenso Zwar Sogar Vielmehr Stattdessen Anschließend
   The A An He She It They We I You This That These Those There Here His Her Its Their Our My Your But And Or
   So Yet Then In On At As By For From With After Before Since During While When Where What Who Whom Whose
   Why How If Although Though Because However Meanwhile Moreover Furthermore Still Also Now Today Yesterday
   Last Next Some Many Most All Both Each Every Such Other Another One Two Three Nor Not Only Instead Later
   Earlier Thus Hence Indeed Nevertheless Nonetheless Afterwards Overall Finally More Few Fewer Several Nearly
   Almost About Even Just Much`.split(/\s+/),
);

const MONTHS = new Set(
  `Januar Jänner Februar März April Mai Juni Juli August September Oktober November Dezember
   January February March May June July October December`.split(/\s+/),
);

/** Words that continue a sentence after "8 p.m." */
const TIME_CONTINUATIONS = new Set(
  `Monday Tuesday Wednesday Thursday Friday Saturday Sunday ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC
   BST CET CEST Eastern Central Mountain Pacific`.split(/\s+/),
);

/** Nouns that commonly follow a German ordinal ("im 3. Quartal", "zum 5. Mal"). */
const ORDINAL_NOUNS = new Set(
  `Jahrhundert Jahrhunderts Jahrtausend Jahrestag Jahr Jahres Quartal Quartals Halbjahr Halbjahres Platz Platzes
   Rang Mal Runde Stock Stockwerk Etage Klasse Woche Tag Tages Monat Bundestag Weltkrieg Weltkriegs Weltkrieges
   Liga Bundesliga Spieltag Spieltags Minute Stunde Auflage Legislaturperiode Amtszeit Staffel Folge Etappe Lauf
   Satz Halbzeit Sitzung Parteitag Geburtstag Todestag Lesung Senat Strafsenat Zivilsenat Kammer Armee Korps
   Division Stelle Advent Sonntag Versuch Anlauf Sieg Tor Treffer Titel Durchgang Wahlgang Bezirk Grades Grad
   Generation Kapitel Teil Band Ausgabe Welle Sanktionspaket Paket Jahrgang Stufe Ordnung Gebot Gebots Artikel
   Absatz Buch Akt Aufzug Preis Reich Republik Internationale Kongress Symphonie Sinfonie`.split(/\s+/),
);

/** Ordinal nouns are often compounds ("Bundesliga-Spieltag", "Jahrestag"); match by suffix too. */
const ORDINAL_SUFFIXES = ["tag", "liga", "jahrhundert", "runde", "klasse", "quartal", "woche", "platz"];

/** Words before a number that make it an ordinal attribute ("am 3.", "der 2.", "seinem 70."). */
const ORDINAL_DETERMINERS = new Set(
  `der die das den dem des am im zum zur vom beim ins ans aufs ums fürs ihr ihre ihrem ihren ihrer ihres
   sein seine seinem seinen seiner seines unser unsere unserem unseren unserer mein meine meinem meinen
   jeder jede jedes jedem jeden dieser diese dieses diesem diesen ein eine einem einen einer eines kein keine
   bis ab seit`.split(/\s+/),
);

/** Nouns after which a capital letter names a variant ("Plan B", "Vitamin D", "Gruppe C"), not a person's initial. */
const LETTER_LABEL_NOUNS = new Set(
  `Plan Typ Klasse Gruppe Vitamin Kategorie Variante Option Szenario Modell Stufe Block Gleis Halle Terminal Tribüne
   Type Class Group Category Variant Scenario Model Level Grade Tier Section Gate Hall Exhibit Appendix`.split(/\s+/),
);

/** Verbs of speaking that mark `"Why?" Smith asked.` as one sentence. */
const SPEECH_VERBS =
  /^(?:said|says|asked|asks|added|adds|told|tells|wrote|writes|replied|replies|shouted|yelled|wondered|recalled|continued|insisted|explained|cried|exclaimed|tweeted|posted|joked|demanded)\b/u;

// ---------------------------------------------------------------------------
// Scanner
// ---------------------------------------------------------------------------

type Options = { english: boolean };

/**
 * Split an article into sentences.
 *
 * Every line break ends a sentence (titles, paragraphs, list lines); inside
 * a line, a sentence ends after `.`, `!`, `?` or an ellipsis followed by
 * whitespace and a plausible sentence start, with exceptions for
 * abbreviations, initials, ordinals, list numbers, numbers and quotations.
 * After a CJK terminator ("。", "？", "！", "｡") it ends even without
 * whitespace. Closing quotes, brackets and bidi marks right after the
 * terminator belong to the sentence that ends.
 *
 * @param text The article text with line endings normalised to "\n".
 * @param language BCP 47 tag such as "de" or "en-GB"; German ordinal rules are
 *   skipped for English, everything else is language-independent.
 * @returns Trimmed, ordered, non-overlapping spans in UTF-16 offsets.
 */
export function segmentSentences(text: string, language?: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const options: Options = { english: primaryLanguage(language) === "en" };
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || isLineBreak(text.charCodeAt(i))) {
      if (i > lineStart) segmentLine(text, lineStart, i, spans, options);
      lineStart = i + 1;
    }
  }
  return spans;
}

function primaryLanguage(language: string | undefined): string {
  return (language ?? "").trim().toLowerCase().split(/[-_]/)[0] ?? "";
}

function segmentLine(text: string, from: number, to: number, spans: SentenceSpan[], options: Options): void {
  let sentenceStart = from;
  let i = from;
  while (i < to) {
    const ch = text[i];
    if (ch === undefined || !TERMINATORS.has(ch)) {
      i++;
      continue;
    }
    let runEnd = i + 1;
    let fullWidth = CJK_TERMINATORS.has(ch);
    while (runEnd < to && TERMINATORS.has(text[runEnd] ?? "")) {
      if (CJK_TERMINATORS.has(text[runEnd] ?? "")) fullWidth = true;
      runEnd++;
    }
    // Closing quotes and brackets, with any bidi marks among them: all of it ends this sentence.
    let closeEnd = runEnd;
    let closed = false;
    for (; closeEnd < to; closeEnd++) {
      const closer = text[closeEnd] ?? "";
      // Chinese closes quotations with ” and ’, so after a CJK terminator “ and ‘ open the next sentence (unlike German „…“).
      if (fullWidth && (closer === "“" || closer === "‘")) break;
      if (CLOSERS.has(closer)) closed = true;
      else if (!BIDI_MARKS.has(closer)) break;
    }
    const spaced = closeEnd < to && isSpace(text[closeEnd]);
    // No whitespace after the punctuation: domains, versions, numbers, "z.B.", `?“,` — never a boundary,
    // except in CJK text, which has no spaces between sentences.
    if (closeEnd < to && !spaced && !fullWidth) {
      i = closeEnd;
      continue;
    }
    let next = skipSpaces(text, closeEnd, to);
    // Emoji after a terminator belong to the sentence they comment on ("Geschafft! 🎉 Jetzt …");
    // decide on the character after them instead.
    let sentenceEnd = closeEnd;
    if (spaced && next < to && EMOJI_PART.test(charAt(text, next))) {
      let j = next;
      while (j < to && EMOJI_PART.test(charAt(text, j))) j += charAt(text, j).length;
      while (j < to && (CLOSERS.has(text[j] ?? "") || BIDI_MARKS.has(text[j] ?? ""))) j++;
      // `„Geschafft! 🎉“,` — the quote goes on, no boundary.
      if (j < to && !isSpace(text[j])) {
        i = j;
        continue;
      }
      sentenceEnd = j;
      next = skipSpaces(text, j, to);
    }
    // A bidi mark opening the next sentence belongs to it; the decision is made on what it marks.
    let content = next;
    while (content < to && (BIDI_MARKS.has(text[content] ?? "") || isSpace(text[content]))) content++;
    // At the end of the line the line break closes the sentence anyway.
    if (content >= to) break;
    const boundary = fullWidth ? isFullWidthBoundary(text, content, closed, spaced) : isBoundary(text, from, to, i, runEnd, closed, content, options);
    if (boundary) {
      pushSpan(text, sentenceStart, sentenceEnd, spans);
      sentenceStart = next;
    }
    i = next;
  }
  pushSpan(text, sentenceStart, to, spans);
}

function skipSpaces(text: string, from: number, to: number): number {
  let index = from;
  while (index < to && isSpace(text[index])) index++;
  return index;
}

function pushSpan(text: string, start: number, end: number, spans: SentenceSpan[]): void {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  if (end > start) spans.push({ index: spans.length, start, end });
}

/**
 * After "。", "？", "！" or "｡" a sentence ends, with or without a space, unless
 * the quotation it closes is continued: by a comma or colon, by a Japanese
 * quotative particle, or (after a space, in mixed-script text) by a lowercase word.
 */
function isFullWidthBoundary(text: string, next: number, closed: boolean, spaced: boolean): boolean {
  const nextChar = text[next] ?? "";
  if (CJK_CONTINUATIONS.has(nextChar)) return false;
  if (closed && !spaced && CJK_QUOTATIVES.has(nextChar)) return false;
  if (spaced && LOWER.test(charAt(text, next))) return false;
  return true;
}

/**
 * Decide whether the terminator run text[runStart, runEnd), followed by
 * closing quotes or brackets (`closed`) and whitespace, ends a sentence before
 * the character at `next`.
 */
function isBoundary(
  text: string,
  lineStart: number,
  lineEnd: number,
  runStart: number,
  runEnd: number,
  closed: boolean,
  next: number,
  options: Options,
): boolean {
  const nextChar = charAt(text, next);
  // A lowercase continuation never starts a sentence: „Wann?“ fragte er. / Er zögerte … und ging.
  if (LOWER.test(nextChar)) return false;

  const run = text.slice(runStart, runEnd);
  if (/[!?‼⁇⁈⁉]/u.test(run)) {
    if (closed && isAttribution(text, next, lineEnd)) return false;
    return true;
  }

  // After a period or ellipsis only letters, digits, opening quotes/brackets, bullets and symbols
  // (emoji, currency) start a sentence; a dash or comma continues it.
  const startsSentence = LETTER.test(nextChar) || DIGIT.test(nextChar) || OPENERS.has(nextChar) || BULLETS.has(nextChar) || SYMBOL.test(nextChar);
  if (!startsSentence) return false;

  if (run.length > 1 || run.includes("…")) {
    // "[…]" and "(...)" mark an omission inside a quotation, not a sentence end.
    const before = text[runStart - 1];
    const after = text[runEnd];
    if ((before === "[" || before === "(") && (after === "]" || after === ")")) return false;
    return true;
  }

  // A period after a closing quote/bracket, or directly followed by one: the sentence ended there.
  if (closed) return true;

  let tokenStart = runStart;
  while (tokenStart > lineStart && !isSpace(text[tokenStart - 1])) tokenStart--;
  let coreStart = tokenStart;
  while (coreStart < runStart && isCorePrefix(text[coreStart] ?? "")) coreStart++;
  let coreEnd = runStart;
  while (coreEnd > coreStart && BIDI_MARKS.has(text[coreEnd - 1] ?? "")) coreEnd--;
  const core = text.slice(coreStart, coreEnd);
  if (core.length === 0) return true;
  if (CLOSERS.has(core[core.length - 1] ?? "")) return true;

  const nextWord = wordAt(text, next, lineEnd);
  const nextIsOpener = SENTENCE_OPENERS.has(nextWord);
  const nextIsDigit = DIGIT.test(nextChar);

  // Numbers: short ones may be German ordinals or dates ("am 19. November", "am 19.11. in"),
  // anything else (years, 1.200, 2,4) is an ordinary sentence-final number.
  if (/^\d{1,3}$/u.test(core) || /^\d{1,2}\.\d{1,2}$/u.test(core)) {
    if (isListNumberPosition(text, lineStart, tokenStart)) return false; // "1. FC Köln", "• 3. Seien Sie …"
    if (options.english) return true;
    if (nextIsDigit) return false; // "19. 11. 2024"
    if (MONTHS.has(nextWord) || isOrdinalNoun(nextWord)) return false;
    if (nextIsOpener) return true;
    const previous = previousWord(text, lineStart, tokenStart).toLowerCase();
    if (ORDINAL_DETERMINERS.has(previous)) return false;
    return true;
  }
  if (/^[\d.,]+$/u.test(core)) return true;

  const kind = ABBREVIATIONS.get(`${core}.`) ?? lowercaseAbbreviation(core);
  if (kind === "never") return false;
  if (kind === "digit") return !nextIsDigit;
  if (kind === "final") return nextIsOpener;
  if (kind === "state") return nextIsOpener || previousToken(text, lineStart, tokenStart).endsWith(",");
  if (kind === "time") return !(TIME_CONTINUATIONS.has(nextWord) || MONTHS.has(nextWord));
  if (kind === "month") return nextIsDigit ? false : nextIsOpener;

  // Hyphenated abbreviations ("Dipl.-Ing.", "Priv.-Doz.", "Univ.-Prof."): no word is spelt "X.-Y",
  // so this is a title before a name, and like other titles may still end a sentence before an opener.
  if (/^(?:\p{L}+\.-)+\p{L}+$/u.test(core)) return nextIsOpener;

  // Single letters: initials ("Donald J. Trump", "J. R. R. Tolkien") and parts of
  // spaced abbreviations ("z. B.", "d. h.", "u. a.").
  if (/^\p{L}$/u.test(core)) {
    const previous = previousToken(text, lineStart, tokenStart);
    // "Dr. h. c." is "h.c." spaced out, and like it may end a sentence.
    if (LOWER.test(core)) return ABBREVIATIONS.get(`${previous}${core}.`) === "final" && nextIsOpener;
    if (/^\p{L}\.$/u.test(previous) || ABBREVIATIONS.has(previous)) return false;
    // "Plan B.", "Vitamin D.": a letter naming a variant, not an initial.
    if (LETTER_LABEL_NOUNS.has(previousWord(text, lineStart, tokenStart))) return true;
    return nextIsOpener;
  }
  // Dotted acronyms: "U.S", "U.K", "Ph.D", "z.B", "e.V".
  if (/^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u.test(core)) {
    if (!/\p{Lu}/u.test(core)) return false;
    return nextIsOpener;
  }
  // Roman numerals as ordinals ("Papst Benedikt XVI. besuchte", "Ludwig XIV. Frankreich").
  if (/^[IVXLC]{2,}$/u.test(core)) return nextIsOpener;
  // Street names: "Hauptstr. 5".
  if (/str$/u.test(core) && nextIsDigit) return false;
  return true;
}

/** What may precede the letters of a token without being part of the word: "(", "„", a bullet, a bidi mark. */
function isCorePrefix(ch: string): boolean {
  return OPENERS.has(ch) || BIDI_MARKS.has(ch) || BULLETS.has(ch);
}

/** "Ca." / "Vgl." at the start of a sentence are still the lowercase abbreviations. */
function lowercaseAbbreviation(core: string): AbbreviationKind | undefined {
  const first = core[0];
  if (first === undefined || first === first.toLowerCase()) return undefined;
  const lowered = `${first.toLowerCase()}${core.slice(1)}.`;
  const kind = ABBREVIATIONS.get(lowered);
  return kind === "never" ? kind : undefined;
}

function isOrdinalNoun(word: string): boolean {
  if (ORDINAL_NOUNS.has(word)) return true;
  const lower = word.toLowerCase();
  return ORDINAL_SUFFIXES.some((suffix) => lower.length > suffix.length && lower.endsWith(suffix));
}

/** `"Why?" Smith asked.` / `"Stop!" President Biden said.` — the quote's attribution continues the sentence. */
function isAttribution(text: string, next: number, lineEnd: number): boolean {
  const window = text.slice(next, Math.min(lineEnd, next + 80));
  const match = /^((?:\p{Lu}[\p{L}'’.-]*\s+){1,3})(\p{Ll}+)/u.exec(window);
  if (!match) return false;
  const firstWord = /^\p{L}+/u.exec(window)?.[0] ?? "";
  if (SENTENCE_OPENERS.has(firstWord)) return false;
  return SPEECH_VERBS.test(match[2] ?? "");
}

function charAt(text: string, index: number): string {
  const code = text.codePointAt(index);
  return code === undefined ? "" : String.fromCodePoint(code);
}

/** The letters of the word starting at `index`, skipping opening quotes. */
function wordAt(text: string, index: number, lineEnd: number): string {
  let start = index;
  while (start < lineEnd && OPENERS.has(text[start] ?? "")) start++;
  let end = start;
  while (end < lineEnd && LETTER.test(text[end] ?? "")) end++;
  return text.slice(start, end);
}

function previousToken(text: string, lineStart: number, tokenStart: number): string {
  let end = tokenStart;
  while (end > lineStart && isSpace(text[end - 1])) end--;
  let start = end;
  while (start > lineStart && !isSpace(text[start - 1])) start--;
  return text.slice(start, end);
}

function previousWord(text: string, lineStart: number, tokenStart: number): string {
  return previousToken(text, lineStart, tokenStart).replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
}

/**
 * Whether a number at `tokenStart` stands where a list number does: first on
 * its line, after a line-initial "-", "*" or dash, or after a bullet glyph.
 * Scans back over the spaces only, so it costs nothing on long lines.
 */
function isListNumberPosition(text: string, lineStart: number, tokenStart: number): boolean {
  if (BULLETS.has(text[tokenStart] ?? "")) return true; // "•3." without a space
  let end = tokenStart;
  while (end > lineStart && isSpace(text[end - 1])) end--;
  if (end === lineStart) return true;
  const marker = text[end - 1] ?? "";
  const markerIsAlone = end - 1 === lineStart || isSpace(text[end - 2]);
  if (BULLETS.has(marker)) return markerIsAlone;
  if (!LINE_START_BULLETS.has(marker)) return false;
  let before = end - 1;
  while (before > lineStart && isSpace(text[before - 1])) before--;
  return before === lineStart;
}
