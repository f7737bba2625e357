/**
 * Shared by the Label Studio, doccano, Prodigy and CheckThat! codec tests:
 * texts that break code-unit arithmetic, documents in canonical shape, random
 * documents for the property tests, and the model without locations (a file
 * written from a model numbers its lines and items its own way, so round
 * trips compare what the spans are, not where the file put them).
 */
import fc from "fast-check";
import { codePointLength, sliceCodePoints } from "@/lib/offsets";
import type { InterchangeDocument, InterchangeParse } from "./model";

/** Pieces that each test a different way of miscounting: astral emoji, a flag (two astral code points), a combining accent, an astral letter, a line break. */
export const TRICKY_PIECES = ["😀", "🇩🇪", "e\u0301", "𝔘", "ß", "\n", " ", "a", "Z", "ü", "👨🏻‍🚒", "\t"] as const;

/** Text built from {@link TRICKY_PIECES}, never empty. */
export const trickyText = fc.array(fc.constantFrom(...TRICKY_PIECES), { minLength: 1, maxLength: 30 }).map((parts) => parts.join(""));

/** A document with random contiguous spans on random tricky text (code points, as the model counts). */
export const randomDocument = (options: { withoutTabs?: boolean } = {}) =>
  (options.withoutTabs ? trickyText.map((t) => t.replace(/[\t\n]/g, "_")) : trickyText).chain((text) => {
    const length = codePointLength(text);
    const span = fc
      .tuple(fc.integer({ min: 0, max: length }), fc.integer({ min: 0, max: length }), fc.constantFrom("Claim", "Statistic", "Quote"))
      .map(([a, b, label]) => ({ start: Math.min(a, b), end: Math.max(a, b), label }));
    return fc.array(span, { maxLength: 6 }).map(
      (spans): InterchangeDocument => ({
        key: "doc-1",
        text,
        spans: spans.map((s, i) => ({ ...s, attributes: {}, notes: [], at: { line: 1, item: `spans[${i}]` } })),
        at: { line: 1 },
      }),
    );
  });

/**
 * A file's text as a Windows tool would hold it (CRLF line breaks) with random
 * spans counted on that text in code points, never starting or ending between
 * a CR and its LF: what a CRLF-origin file's offsets look like.
 */
export const crlfTextWithSpans = fc
  .array(fc.constantFrom(...TRICKY_PIECES.filter((p) => p !== "\n" && p !== "\t"), "\r\n"), { minLength: 1, maxLength: 30 })
  .chain((parts) => {
    const text = parts.join("");
    const chars = [...text];
    const boundaries = [...chars.keys(), chars.length].filter((i) => !(chars[i - 1] === "\r" && chars[i] === "\n"));
    const span = fc
      .tuple(fc.constantFrom(...boundaries), fc.constantFrom(...boundaries))
      .map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));
    return fc.tuple(fc.constant(text), fc.array(span, { maxLength: 5 }));
  });

/** Canonical documents: emoji, a flag, combining marks, an astral letter, and text that came from CRLF (stored with \n). */
export function canonicalDocuments(): InterchangeDocument[] {
  const texts = ["Der Minister 😀 sagte: „Die Quote 🇩🇪 sank um 3,2 %.“", "Cafe\u0301 und 𝔘nion:\nzwei Zeilen,\nvorher mit CRLF."];
  return texts.map((text, d) => {
    const words = [...text.matchAll(/\p{L}[\p{L}\p{M}]*/gu)].slice(0, 3);
    const spans = words.map((m, i) => {
      const start = codePointLength(text.slice(0, m.index));
      return { start, end: start + codePointLength(m[0]), label: i === 0 ? "Claim" : "Quote", attributes: {}, notes: [], at: { line: d + 1 } };
    });
    return { key: String(d + 1), text, spans, at: { line: d + 1 } };
  });
}

/** The parse without locations, and each span's text filled from the document (so files that carry span text compare with files that do not). */
export function withoutLocations(parse: Pick<InterchangeParse, "documents">): unknown[] {
  return parse.documents.map(({ at: _at, spans, ...doc }) => ({
    ...doc,
    spans: spans.map(({ at: _spanAt, text: _text, ...span }) => ({
      ...span,
      text: doc.text === null ? undefined : sliceCodePoints(doc.text, span.start, span.end),
    })),
  }));
}
