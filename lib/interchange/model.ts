/**
 * What every interchange format (Label Studio, doccano, brat, INCEpTION's
 * WebAnno TSV, Prodigy, Hypothesis, CheckThat!-style TSV; issue 15) is read
 * into and written from: documents with their text and labelled spans. Each
 * format's codec (lib/interchange/<format>.ts) converts its own offset unit
 * to and from code points here, so the rest of Claimwork — verification
 * against the article text, label mapping, the import report, the database —
 * handles one shape and one unit whatever the file was.
 *
 * Offsets are Unicode code points, half-open [start, end), on the document's
 * text as the file carries it (the text the importer then stores, after the
 * same normalisation every article gets: lib/article-text.ts). A codec never
 * shifts, clamps or drops a span silently: a span it cannot place is a
 * problem in the result, named by line and item.
 */

/** Where in the file something is, for the report: the 1-based line (or record) and, within it, the item. */
export type InterchangeLocation = {
  line: number;
  /** The item within the line or record, as the format names it: "annotations[0].result[2]", "T3", "spans[1]". */
  item?: string;
};

/** One piece of a span; brat's discontinuous annotations have several. Code points. */
export type InterchangeFragment = { start: number; end: number };

export type InterchangeSpan = {
  /** The whole extent, code points: for a discontinuous span, from its first fragment's start to its last's end. */
  start: number;
  end: number;
  /** Set only for discontinuous spans (two or more fragments, in text order). */
  fragments?: InterchangeFragment[];
  /** The span's text as the file carries it, when it does: the importer verifies it against the document. */
  text?: string;
  /**
   * The words around the quote, when the file records them instead of the document's text
   * (Hypothesis's TextQuoteSelector prefix/suffix): what anchoring the quote in the article needs when the
   * file's positions disagree with it. Not attributes: they are no claim field and no tag.
   */
  quoteContext?: { prefix: string; suffix: string };
  /** The format's label (becomes a claim type once the user has mapped it). */
  label: string;
  /**
   * Attributes the format attaches to the span (brat `A` lines, Label Studio's other control tags, a
   * WebAnno layer's features): mapped to claim fields where they correspond, else kept as tags or reported.
   */
  attributes: Record<string, string | number | boolean>;
  /** Free-text notes (brat `#` lines, a Hypothesis annotation's text). */
  notes: string[];
  /** Model output rather than a person's work (Label Studio `predictions[]`): imported only when asked for. */
  isMachineMade?: boolean;
  at: InterchangeLocation;
};

/** A sentence-level label (CheckThat!-style check-worthiness TSV): the whole sentence or tweet is the span. */
export type InterchangeDocument = {
  /** The document's key in the file: a task id, a file name, a sentence or tweet id; unique within one file. */
  key: string;
  /** The document's text, or null when the file names a document without carrying its text (Hypothesis). */
  text: string | null;
  title?: string;
  /** The page the text came from, when the file says (Hypothesis `uri`, CheckThat! `tweet_url`). */
  sourceUrl?: string;
  spans: InterchangeSpan[];
  at: InterchangeLocation;
};

/** A problem found while reading: the file's own words for where it is, and what is wrong in the user's words. */
export type InterchangeProblem = InterchangeLocation & {
  /** The field at fault, as the format names it ("value.start", "class_label"). */
  field?: string;
  message: string;
};

/** How a format counts offsets. */
export type OffsetUnit = "code_points" | "utf16";

export type InterchangeParse = {
  documents: InterchangeDocument[];
  problems: InterchangeProblem[];
  /** What was deliberately not imported, by reason ("rejected", "ignored", "predictions"), counted for the report. */
  skipped: Record<string, number>;
  /** The unit the file's offsets were read in (detected where the format has shipped both). */
  offsetUnit: OffsetUnit;
};
