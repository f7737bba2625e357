/**
 * A generated corpus of revision pairs with known answers, for re-anchoring
 * (issue 14 item 7): each pair is an old text with claims on it, a new text
 * made from it by known edits, and for each claim the outcome it must get
 * and, where it must be placed automatically, where.
 *
 * Texts are built as paragraphs of sentences of words, so every edit is made
 * on the structure and the expected spans are read off the rendered new
 * text, not guessed from the old one. Words are pseudo-words from syllables
 * (a vocabulary large enough that three words in a row are practically
 * unique, as in real prose) with some real ones and, now and then, an emoji,
 * a flag, a ZWJ family, an astral letter or a combining accent, so offsets
 * are exercised in code points. A seeded PRNG makes every run identical.
 *
 * The scoring ({@link scoreReanchorCorpus}) is here too, so the test and the
 * bench count "misplaced" the same way.
 */
import { makeTarget } from "./anchoring";
import { isPlacing, type ReanchorClaim, type ReanchorOutcome } from "./reanchor";
import { seededRandom } from "./seeded-random";

/** What was done to a claim's text between the revisions. */
export type CorpusEdit =
  | "none" // the claim's sentence untouched (edits may be elsewhere)
  | "insertion" // sentences inserted right before or after the claim's sentence
  | "deletion" // the claim's sentence deleted
  | "neighbour_deleted" // the sentence next to the claim's deleted
  | "moved_paragraph" // the claim's paragraph moved elsewhere
  | "typo_fixed" // a typo inside the quote corrected
  | "quote_rewritten" // at least half of the quote's words replaced
  | "repeated_phrase" // the quote inserted a second time, in another sentence
  | "context_edited"; // a word next to the quote changed, on one side

/**
 * The known answer: `placed` — must be kept or relocated, at exactly
 * `start`/`end` (code points of the new text; `via` says which of the two
 * the edit suggests, for reading the figures: a moved paragraph is
 * `relocated` unless the diff aligns it and moves its neighbours instead);
 * `confirm` — a typo was fixed: a person must confirm, and the best proposal
 * should be `start`/`end`; `not_placed` — the quote changed or went: never
 * placed automatically (needs confirmation or orphaned).
 */
export type ExpectedOutcome =
  | { kind: "placed"; via: "kept" | "relocated"; start: number; end: number }
  | { kind: "confirm"; start: number; end: number }
  | { kind: "not_placed" };

export type CorpusClaim = ReanchorClaim & { edit: CorpusEdit; expected: ExpectedOutcome };

export type RevisionPair = { name: string; oldText: string; newText: string; sentences: number; claims: CorpusClaim[] };

type Random = {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
};

function randomOf(seed: number): Random {
  const next = seededRandom(seed);
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]! };
}

const SYLLABLES = ["ka", "ri", "mo", "te", "lun", "sa", "ber", "di", "no", "gra", "vel", "to", "mi", "ar", "sch", "en", "pol", "ux", "fe", "dor"];
const REAL_WORDS = ["die", "der", "und", "the", "minister", "said", "Prozent", "percent", "Regierung", "growth", "Inflation", "prices"];
// Code-point traps: astral letters, emoji with ZWJ and skin tone, a flag, combining accents.
const SPECIAL_WORDS = ["😀", "🇩🇪", "👨‍👩‍👧", "👍🏽", "𝔘𝔫𝔦", "Zu\u0308rich", "cafe\u0301", "„Zitat“", "4,2", "中文"];

/** A vocabulary of `size` distinct pseudo-words of two to four syllables. */
function vocabulary(random: Random, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = 2 + random.int(3);
    let w = "";
    for (let i = 0; i < n; i++) w += random.pick(SYLLABLES);
    words.add(w);
  }
  return [...words];
}

type Sentence = { id: number; words: string[] };
type Paragraph = { sentences: Sentence[] };
type Doc = Paragraph[];

/** Where a claim sits: a word range `[from, to)` of one sentence. */
type ClaimPlace = { sentenceId: number; from: number; to: number };

class Writer {
  private nextId = 0;
  constructor(
    private readonly random: Random,
    private readonly words: string[],
  ) {}

  word(): string {
    const r = this.random.next();
    if (r < 0.03) return this.random.pick(SPECIAL_WORDS);
    if (r < 0.15) return this.random.pick(REAL_WORDS);
    return this.random.pick(this.words);
  }

  sentence(): Sentence {
    const n = 8 + this.random.int(12);
    const words = Array.from({ length: n }, () => this.word());
    words[0] = words[0]!.charAt(0).toUpperCase() + words[0]!.slice(1);
    return { id: this.nextId++, words };
  }

  sentenceWith(phrase: string[]): Sentence {
    const s = this.sentence();
    s.words.splice(2, 0, ...phrase);
    return s;
  }

  doc(paragraphs: number, sentencesEach: number): Doc {
    return Array.from({ length: paragraphs }, () => ({ sentences: Array.from({ length: sentencesEach }, () => this.sentence()) }));
  }
}

const renderSentence = (s: Sentence): string => `${s.words.join(" ")}.`;

/** The text of a doc and the UTF-16 start of each sentence in it. */
function render(doc: Doc): { text: string; starts: Map<number, number> } {
  const starts = new Map<number, number>();
  const paragraphs: string[] = [];
  let at = 0;
  for (const [p, paragraph] of doc.entries()) {
    if (p > 0) at += 2;
    const parts: string[] = [];
    for (const [i, sentence] of paragraph.sentences.entries()) {
      if (i > 0) at += 1;
      starts.set(sentence.id, at);
      const text = renderSentence(sentence);
      parts.push(text);
      at += text.length;
    }
    paragraphs.push(parts.join(" "));
  }
  return { text: paragraphs.join("\n\n"), starts };
}

/** UTF-16 span of a claim place in a rendered doc, or null if its sentence is gone. */
function spanOf(doc: Doc, rendered: ReturnType<typeof render>, place: ClaimPlace): { start: number; end: number } | null {
  const start = rendered.starts.get(place.sentenceId);
  if (start === undefined) return null;
  const sentence = findSentence(doc, place.sentenceId)!.sentence;
  const before = sentence.words.slice(0, place.from).join(" ");
  const from = start + before.length + (place.from > 0 ? 1 : 0);
  return { start: from, end: from + sentence.words.slice(place.from, place.to).join(" ").length };
}

function findSentence(doc: Doc, id: number): { paragraph: number; index: number; sentence: Sentence } | null {
  for (const [p, paragraph] of doc.entries()) {
    const index = paragraph.sentences.findIndex((s) => s.id === id);
    if (index !== -1) return { paragraph: p, index, sentence: paragraph.sentences[index]! };
  }
  return null;
}

const cloneDoc = (doc: Doc): Doc => doc.map((p) => ({ sentences: p.sentences.map((s) => ({ id: s.id, words: [...s.words] })) }));

/** A word of plain letters long enough to carry a typo. */
const TYPO_WORD = /^[a-zA-Z]{4,}$/;

type Planned = { place: ClaimPlace; edit: CorpusEdit };

/**
 * Builds one revision pair: a doc of `paragraphs` × `sentencesEach`, one
 * claim on each of `claimCount` distinct sentences, and `edits` (per claim,
 * in order) applied to the new revision. Claims beyond the edits' list get
 * "none". Edits touch distinct claims' sentences, so answers do not mix.
 */
function buildPair(name: string, seed: number, paragraphs: number, sentencesEach: number, claimCount: number, edits: CorpusEdit[]): RevisionPair {
  const random = randomOf(seed);
  const writer = new Writer(random, vocabulary(random, 2_000));
  const base = writer.doc(paragraphs, sentencesEach);

  // Claims on distinct sentences, chosen in a seeded order.
  const all = base.flatMap((p) => p.sentences);
  const order = all.map((s) => s.id);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const planned: Planned[] = order.slice(0, claimCount).map((sentenceId, i) => {
    const length = findSentence(base, sentenceId)!.sentence.words.length;
    const wholeSentence = random.next() < 0.2;
    const size = 3 + random.int(Math.min(8, length - 3));
    const from = wholeSentence ? 0 : random.int(length - size + 1);
    return { place: { sentenceId, from, to: wholeSentence ? length : from + size }, edit: edits[i] ?? "none" };
  });

  const oldDoc = cloneDoc(base);
  const newDoc = cloneDoc(base);
  const moved = new Set<number>();

  for (const { place, edit } of planned) {
    const inNew = findSentence(newDoc, place.sentenceId);
    if (!inNew) continue;
    const { sentence } = inNew;
    switch (edit) {
      case "insertion": {
        const at = inNew.index + (random.next() < 0.5 ? 0 : 1);
        const count = 1 + random.int(3);
        newDoc[inNew.paragraph]!.sentences.splice(at, 0, ...Array.from({ length: count }, () => writer.sentence()));
        break;
      }
      case "deletion":
        newDoc[inNew.paragraph]!.sentences.splice(inNew.index, 1);
        break;
      case "neighbour_deleted": {
        const sentences = newDoc[inNew.paragraph]!.sentences;
        const neighbour = inNew.index + 1 < sentences.length ? inNew.index + 1 : inNew.index - 1;
        if (neighbour >= 0 && !planned.some((p) => p.place.sentenceId === sentences[neighbour]!.id)) sentences.splice(neighbour, 1);
        break;
      }
      case "moved_paragraph": {
        const [paragraph] = newDoc.splice(inNew.paragraph, 1);
        let to = random.int(newDoc.length + 1);
        if (Math.abs(to - inNew.paragraph) < 2) to = (inNew.paragraph + Math.floor(newDoc.length / 2)) % (newDoc.length + 1);
        newDoc.splice(to, 0, paragraph!);
        for (const s of paragraph!.sentences) moved.add(s.id);
        break;
      }
      case "typo_fixed": {
        // The old revision has the typo (a letter missing), the new one the word as it should be.
        const k = range(place.from, place.to).find((i) => TYPO_WORD.test(sentence.words[i]!));
        if (k === undefined) break;
        const word = sentence.words[k]!;
        const cut = 1 + random.int(word.length - 2);
        findSentence(oldDoc, place.sentenceId)!.sentence.words[k] = word.slice(0, cut) + word.slice(cut + 1);
        break;
      }
      case "quote_rewritten": {
        const indexes = range(place.from, place.to);
        for (const i of indexes.slice(0, Math.ceil(indexes.length / 2) + random.int(Math.floor(indexes.length / 2) + 1))) {
          let word = writer.word();
          while (word === sentence.words[i]) word = writer.word();
          sentence.words[i] = word;
        }
        break;
      }
      case "repeated_phrase": {
        const phrase = sentence.words.slice(place.from, place.to);
        // The copy goes into another paragraph, mid-sentence, so its context differs from the claim's.
        const p = (inNew.paragraph + 1 + random.int(newDoc.length - 1)) % newDoc.length;
        newDoc[p]!.sentences.splice(random.int(newDoc[p]!.sentences.length + 1), 0, writer.sentenceWith(phrase));
        break;
      }
      case "context_edited": {
        const side = place.from > 0 && (place.to >= sentence.words.length || random.next() < 0.5) ? place.from - 1 : place.to;
        if (side < sentence.words.length) {
          let word = writer.word();
          while (word === sentence.words[side]) word = writer.word();
          sentence.words[side] = word;
        }
        break;
      }
      case "none":
        break;
    }
  }

  const oldRendered = render(oldDoc);
  const newRendered = render(newDoc);
  const newCp = codePointsAt(newRendered.text);
  const claims: CorpusClaim[] = planned.map(({ place, edit }, i) => {
    const oldSpan = spanOf(oldDoc, oldRendered, place)!;
    const target = makeTarget(oldRendered.text, oldSpan.start, oldSpan.end);
    const newSpan = spanOf(newDoc, newRendered, place);
    let expected: ExpectedOutcome;
    if (newSpan === null || edit === "quote_rewritten") expected = { kind: "not_placed" };
    else if (edit === "typo_fixed" && target.exact !== newRendered.text.slice(newSpan.start, newSpan.end)) {
      expected = { kind: "confirm", start: newCp(newSpan.start), end: newCp(newSpan.end) };
    } else {
      expected = { kind: "placed", via: moved.has(place.sentenceId) ? "relocated" : "kept", start: newCp(newSpan.start), end: newCp(newSpan.end) };
    }
    return { id: `${name}-${i}`, ...target, edit, expected };
  });
  return { name, oldText: oldRendered.text, newText: newRendered.text, sentences: all.length, claims };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** UTF-16 → code-point offsets for one text, prebuilt (the corpus converts thousands). */
function codePointsAt(text: string): (u16: number) => number {
  const map = new Uint32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) map[++i] = cp;
    }
    cp++;
  }
  map[text.length] = cp;
  return (u16) => map[u16]!;
}

/** Every kind of edit the corpus makes (all but `none`). */
export const EDIT_KINDS: readonly CorpusEdit[] = [
  "insertion",
  "deletion",
  "neighbour_deleted",
  "moved_paragraph",
  "typo_fixed",
  "quote_rewritten",
  "repeated_phrase",
  "context_edited",
];

/** The large case's size: the 3,000-sentence article with 3,000 claims. */
export const LARGE_SENTENCES = 3_000;

/**
 * The large pair: 600 paragraphs × 5 sentences, a claim on every sentence,
 * and about 2 % of the claims under each kind of edit (so ~16 % of the
 * article changes around its claims), the rest untouched.
 */
export function generateLargeRevisionPair(seed = 14_000): RevisionPair {
  const random = randomOf(seed + 1);
  const edits = Array.from({ length: LARGE_SENTENCES }, () => (random.next() < 0.16 ? random.pick(EDIT_KINDS) : "none"));
  return buildPair("large", seed, 600, 5, LARGE_SENTENCES, edits);
}

/**
 * The whole corpus: one pair per kind of edit (40 paragraphs × 4 sentences,
 * 40 claims, 12 of them under that edit), a mixed pair with every kind, and
 * the large pair.
 */
export function generateReanchorCorpus(seed = 14): RevisionPair[] {
  const pairs = EDIT_KINDS.map((kind, k) =>
    buildPair(
      kind,
      seed * 100 + k,
      40,
      4,
      40,
      Array.from({ length: 12 }, () => kind),
    ),
  );
  pairs.push(
    buildPair(
      "mixed",
      seed * 100 + 50,
      60,
      5,
      80,
      Array.from({ length: 48 }, (_, i) => EDIT_KINDS[i % EDIT_KINDS.length]!),
    ),
  );
  pairs.push(generateLargeRevisionPair(seed * 1_000));
  return pairs;
}

export type CorpusScore = {
  claims: number;
  /** Placed automatically anywhere but the expected span, or placed although the quote changed or went. Must be 0. */
  misplaced: number;
  /** Claims whose quote is unchanged in the new revision (expected `placed`). */
  unchangedQuotes: number;
  /** Of those, kept or relocated at the expected span. */
  unchangedPlaced: number;
  /** Typo fixes whose best proposal is the corrected span. */
  typoProposalsRight: number;
  typoFixes: number;
  outcomes: Record<ReanchorOutcome["outcome"], number>;
  /** The ids of misplaced claims, for a failing test to name. */
  misplacedIds: string[];
};

/** Scores outcomes (one array per pair, in the pairs' claim order) against the known answers. */
export function scoreReanchorCorpus(pairs: readonly RevisionPair[], outcomes: readonly (readonly ReanchorOutcome[])[]): CorpusScore {
  const score: CorpusScore = {
    claims: 0,
    misplaced: 0,
    unchangedQuotes: 0,
    unchangedPlaced: 0,
    typoProposalsRight: 0,
    typoFixes: 0,
    outcomes: { kept: 0, relocated: 0, needs_confirmation: 0, orphaned: 0 },
    misplacedIds: [],
  };
  pairs.forEach((pair, p) => {
    pair.claims.forEach((claim, c) => {
      const outcome = outcomes[p]?.[c];
      if (!outcome || outcome.id !== claim.id) throw new Error(`no outcome for ${claim.id}`);
      score.claims++;
      score.outcomes[outcome.outcome]++;
      const { expected } = claim;
      const isPlaced = isPlacing(outcome);
      if (expected.kind === "placed") score.unchangedQuotes++;
      if (expected.kind === "confirm") score.typoFixes++;
      if (isPlaced) {
        const isRight = expected.kind === "placed" && outcome.target.start === expected.start && outcome.target.end === expected.end;
        if (isRight) score.unchangedPlaced++;
        else {
          score.misplaced++;
          score.misplacedIds.push(claim.id);
        }
      } else if (expected.kind === "confirm" && outcome.outcome === "needs_confirmation") {
        const best = outcome.proposals[0]?.target;
        if (best?.start === expected.start && best.end === expected.end) score.typoProposalsRight++;
      }
    });
  });
  return score;
}
