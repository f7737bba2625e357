/**
 * CheckThat!-style check-worthiness TSV (CLEF CheckThat! lab, task 1,
 * 2021–2024): one sentence or tweet per row, a header row naming the columns.
 *
 *   Sentence_id <TAB> Text <TAB> class_label                              (debates: CT23 1B / CT24 English)
 *   topic <TAB> tweet_id <TAB> tweet_url <TAB> tweet_text <TAB> class_label  (tweets: CT22 task 1)
 *   tweet_id <TAB> tweet_url <TAB> tweet_text <TAB> class_label            (tweets: CT23 1B / CT24 Arabic, Spanish)
 *
 * Sources: the lab's task READMEs ("Input Data Format", CT22
 * gitlab.com/checkthat_lab/clef2022-checkthat-lab task1/README.md, CT23
 * clef2023-checkthat-lab task1/README.md) and the CT22 English 1A files
 * themselves, whose header row is exactly `topic tweet_id tweet_url tweet_text
 * class_label`; the CT23/CT24 debate files' header is `Sentence_id Text
 * class_label` (the README writes it in lower case). Column names are matched
 * case-insensitively, so both spellings read; the writer uses the files' own.
 * `class_label` is "Yes"/"No" (CT23/24), "yes"/"no" or 0/1 (CT22) and is
 * passed on as the span's label unchanged: the import maps it.
 *
 * Quoting: none. The files are split on tabs and line breaks only; a `"` is
 * part of the text (CT23's README shows a sentence that begins with one, and
 * the CT22 files carry unbalanced quotes mid-text), so a CSV reader with
 * quote handling would corrupt them. Consequently a text holding a tab or a
 * line break cannot be written: the writer refuses it with a problem rather
 * than inventing an escape no CheckThat! reader would undo.
 *
 * Offset unit: none in the file; each row's whole text is one span, counted
 * here in code points. A row is a document keyed by its sentence or tweet id;
 * a "No" row still becomes a document with a span labelled "No", so nothing is
 * dropped silently. A file without a `class_label` column (the unlabelled test
 * inputs) gives documents without spans. CT22's `topic` is kept as the span's
 * `topic` attribute, `tweet_url` as the document's source URL. A "\r" before a
 * row's "\n" is the line ending, not text.
 */
import { normalizeArticleText } from "@/lib/article-text";
import { codePointLength } from "@/lib/offsets";
import type { InterchangeDocument, InterchangeParse, InterchangeProblem } from "./model";
import { InterchangeWriteError, numberedLines, unwritable } from "./text-frame";

export type CheckThatVariant = "sentence" | "tweet";

/** Where each column is in the file (0-based), read from the header row. */
export type CheckThatColumns = {
  variant: CheckThatVariant;
  count: number;
  id: number;
  text: number;
  label?: number;
  topic?: number;
  url?: number;
  /** Column names as the file spells them, for problems. */
  names: string[];
};

/** Reads the header row, or says what is missing. */
export function parseCheckThatHeader(line: string): CheckThatColumns | InterchangeProblem {
  const names = line.split("\t");
  const find = (name: string) => {
    const i = names.findIndex((n) => n.trim().toLowerCase() === name);
    return i === -1 ? undefined : i;
  };
  const label = find("class_label");
  const tweetId = find("tweet_id");
  const tweetText = find("tweet_text");
  if (tweetId !== undefined && tweetText !== undefined) {
    const topic = find("topic");
    const url = find("tweet_url");
    return {
      variant: "tweet",
      count: names.length,
      id: tweetId,
      text: tweetText,
      names,
      ...(label === undefined ? {} : { label }),
      ...(topic === undefined ? {} : { topic }),
      ...(url === undefined ? {} : { url }),
    };
  }
  const sentenceId = find("sentence_id");
  const text = find("text");
  if (sentenceId !== undefined && text !== undefined) {
    return { variant: "sentence", count: names.length, id: sentenceId, text, names, ...(label === undefined ? {} : { label }) };
  }
  return {
    line: 1,
    message:
      "the first row must name the columns: Sentence_id, Text, class_label (sentences) or topic, tweet_id, tweet_url, tweet_text, class_label (tweets)",
  };
}

export type CheckThatRow = { document?: InterchangeDocument; problems: InterchangeProblem[] };

/** Reads one data row (blank rows yield nothing). Never throws on bad input. */
export function parseCheckThatRow(line: string, lineNumber: number, columns: CheckThatColumns): CheckThatRow {
  const out: CheckThatRow = { problems: [] };
  if (line.trim() === "") return out;
  const cells = line.split("\t");
  const name = (i: number) => columns.names[i]?.trim() ?? "";
  if (cells.length !== columns.count) {
    out.problems.push({
      line: lineNumber,
      message: `the row has ${cells.length} tab-separated cells where the header names ${columns.count} (a tab inside a text cannot be told from a column break)`,
    });
    return out;
  }
  const id = cells[columns.id] ?? "";
  // A lone CR inside a cell becomes "\n" as in every stored article (one for one: the span is unchanged).
  const text = normalizeArticleText(cells[columns.text] ?? "");
  if (id.trim() === "") out.problems.push({ line: lineNumber, field: name(columns.id), message: `${name(columns.id)} is empty` });
  if (text === "") out.problems.push({ line: lineNumber, field: name(columns.text), message: `${name(columns.text)} is empty` });
  const label = columns.label === undefined ? undefined : (cells[columns.label] ?? "").trim();
  if (label === "") out.problems.push({ line: lineNumber, field: "class_label", message: "class_label is empty" });
  if (out.problems.length > 0) return out;

  const document: InterchangeDocument = { key: id.trim(), text, spans: [], at: { line: lineNumber } };
  if (columns.url !== undefined && cells[columns.url] !== "") document.sourceUrl = cells[columns.url] as string;
  if (label !== undefined) {
    const attributes: Record<string, string> = {};
    if (columns.topic !== undefined && cells[columns.topic] !== "") attributes.topic = cells[columns.topic] as string;
    document.spans.push({ start: 0, end: codePointLength(text), text, label, attributes, notes: [], at: { line: lineNumber, item: "class_label" } });
  }
  out.document = document;
  return out;
}

/** Reads a CheckThat!-style TSV file: the header, then a loop over {@link parseCheckThatRow}; repeated ids are problems. */
export function parseCheckThat(input: string): InterchangeParse {
  const out: InterchangeParse = { documents: [], problems: [], skipped: {}, offsetUnit: "code_points" };
  let columns: CheckThatColumns | undefined;
  const seen = new Set<string>();
  for (const { line, lineNumber } of numberedLines(input)) {
    if (columns === undefined) {
      const header = parseCheckThatHeader(line);
      if ("message" in header) {
        out.problems.push(header);
        return out;
      }
      columns = header;
      continue;
    }
    const row = parseCheckThatRow(line, lineNumber, columns);
    out.problems.push(...row.problems);
    if (!row.document) continue;
    if (seen.has(row.document.key)) {
      out.problems.push({
        line: lineNumber,
        field: columns.names[columns.id]?.trim(),
        message: `id ${row.document.key} is on an earlier row too; this row is not imported`,
      });
      continue;
    }
    seen.add(row.document.key);
    out.documents.push(row.document);
  }
  if (columns === undefined) out.problems.push({ line: 1, message: "the file is empty" });
  return out;
}

const HEADERS: Record<CheckThatVariant, string> = {
  sentence: "Sentence_id\tText\tclass_label",
  tweet: "topic\ttweet_id\ttweet_url\ttweet_text\tclass_label",
};

/**
 * Writes documents as a CheckThat!-style TSV: one row per document, its label
 * taken from the document's one whole-text span. The tweet variant takes
 * `topic` from that span's `topic` attribute and `tweet_url` from the source
 * URL. @throws InterchangeWriteError for a document whose text or cells hold
 * a tab or line break, that has no span over its whole text or more than one,
 * or whose key is empty.
 */
export function writeCheckThat(documents: readonly InterchangeDocument[], options: { variant?: CheckThatVariant } = {}): string {
  const variant = options.variant ?? "sentence";
  const problems: InterchangeProblem[] = [];
  const rows: string[] = [];
  documents.forEach((doc, i) => {
    const line = i + 1;
    const before = problems.length;
    problems.push(...unwritable(doc, line));
    if (problems.length > before) return;
    const text = doc.text as string;
    const span = doc.spans[0];
    if (doc.spans.length !== 1 || span === undefined || span.start !== 0 || span.end !== codePointLength(text)) {
      problems.push({ line, item: doc.key, field: "class_label", message: "a CheckThat! row needs exactly one label over the whole text" });
      return;
    }
    const topic = span.attributes.topic;
    const cells =
      variant === "sentence"
        ? [doc.key, text, span.label]
        : [typeof topic === "string" || typeof topic === "number" ? String(topic) : "", doc.key, doc.sourceUrl ?? "", text, span.label];
    const names = HEADERS[variant].split("\t");
    cells.forEach((cell, c) => {
      if (/[\t\n\r]/.test(cell)) {
        problems.push({
          line,
          item: doc.key,
          field: names[c],
          message: `${names[c]} holds a tab or line break, which a CheckThat! TSV cannot carry`,
        });
      }
    });
    if (doc.key === "") problems.push({ line, field: names[variant === "sentence" ? 0 : 1], message: "the document has no id" });
    rows.push(`${cells.join("\t")}\n`);
  });
  if (problems.length > 0) throw new InterchangeWriteError("CheckThat! TSV", problems);
  return `${HEADERS[variant]}\n${rows.join("")}`;
}
