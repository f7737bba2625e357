/**
 * INCEpTION / WebAnno TSV 3.3 (inception-project/inception,
 * inception-io-webanno-tsv: the user guide's "WebAnno TSV 3.3 File format",
 * META-INF/asciidoc/user-guide/webannotsv.adoc, and the reader and writer
 * internal/tsv3x/Tsv3XDeserializer.java, Tsv3XSerializer.java, Escaping.java).
 *
 *   #FORMAT=WebAnno TSV 3.3
 *   #T_SP=webanno.custom.Claim|value|verdict
 *   (two empty lines)
 *   #Text=Ms. Haag plays .
 *   1-1<TAB>0-3<TAB>Ms.<TAB>PER[1]<TAB>*[1]<TAB>
 *   1-2<TAB>4-8<TAB>Haag<TAB>PER[1]<TAB>*[1]<TAB>
 *
 * Offset unit: UTF-16 CODE UNITS. The spec says so ("the offsets used in
 * the TSV format currently represent offsets of the 16bit units in UTF-16
 * strings", 😊 counts 2), and the reader builds Java Strings. We convert to
 * code points on the reconstructed text; an offset between the halves of a
 * surrogate pair is a problem.
 *
 * The document text is rebuilt exactly as INCEpTION's reader rebuilds it:
 * each sentence's #Text lines (unescaped), each followed by "\n"; before a
 * sentence whose first token starts earlier, that "\n" is taken back; a gap
 * is filled with spaces. The reader's final "\n" after the last sentence is
 * an artefact of that rule (no token can reach it) and is dropped. Every
 * token's text column is checked against the rebuilt text at its offsets: a
 * mismatch is a problem naming the line and the token id.
 *
 * CRLF: the reader splits the file at "\n", "\r\n" and "\r" (Java readLine);
 * a CR in the text itself is written escaped ("\r") and counted by the
 * offsets. We CONVERT (lib/interchange/text-frame.ts, as the other codecs):
 * the stored text has "\n" only and offsets move left past each removed CR;
 * an offset between a CR and its LF is a problem.
 *
 * Labels: one span layer is read — `options.layer`, else
 * `webanno.custom.Claim`, else the first `webanno.custom.*` span layer, else
 * `de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity`, else the first
 * span layer. Its `options.labelFeature` (else `value`, else its first
 * feature) is the label (a layer without features: its short name); its other
 * features are attributes (`*`, no value, is left out). Annotations of other
 * layers, relations and chains are counted in `skipped`; zero-width
 * annotations too (a claim covers text).
 *
 * Writing: a layer `webanno.custom.Claim` (or `options.layer`) with the label
 * in `value` and one feature per attribute name (sorted). Tokens are our own
 * simple tokenisation, documented because INCEpTION needs tokens and
 * Claimwork has none: runs of letters, marks and digits, and every other
 * non-space code point on its own, additionally cut at every span boundary
 * so each span starts and ends on a token. Sentences are lib/segmentation.ts's
 * (Claimwork's own sentence rules); each sentence runs up to the next one's
 * first token, so the whitespace between them stays inside a sentence and
 * the text reads back byte for byte. Span edges in whitespace move to the
 * nearest token inside (the format cannot address inter-token space, the
 * spec's NOTE says so). Notes are not written (no place for them).
 *
 * UIMA CAS JSON 0.4.0 — not implemented now, on purpose: it is INCEpTION's
 * full CAS serialisation (type system, feature structures by id, views,
 * sofa), so reading it means resolving a type system to find which types are
 * spans and what their features are, and writing it means emitting a type
 * system INCEpTION accepts; that is several times this codec for the same
 * information (span offsets, also UTF-16, plus features). Every INCEpTION
 * project exports and imports WebAnno TSV 3.3 for span layers, which is what
 * claims are, so TSV covers the interchange; CAS JSON is worth it once
 * relations or several layers must cross losslessly.
 */
import { createOffsetIndex, type OffsetIndex } from "@/lib/offsets";
import { segmentSentences } from "@/lib/segmentation";
import type { InterchangeDocument, InterchangeParse, InterchangeProblem, InterchangeSpan } from "./model";
import { InterchangeWriteError, openText, unwritable } from "./text-frame";

export type WebannoTsvOptions = {
  /** The document's key (the file's name). */
  key?: string;
  /** The span layer whose annotations become spans. */
  layer?: string;
  /** The feature of that layer that is the label. */
  labelFeature?: string;
};

const NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity";
const CLAIM_LAYER = "webanno.custom.Claim";

type Column = { layer: string; kind: "span" | "relation" | "chain"; feature: string | null };

const VALUE_ESCAPES: ReadonlyArray<readonly [string, string]> = [
  ["\\\\", "\\"],
  ["\\[", "["],
  ["\\]", "]"],
  ["\\|", "|"],
  ["\\_", "_"],
  ["\\->", "->"],
  ["\\;", ";"],
  ["\\t", "\t"],
  ["\\n", "\n"],
  ["\\*", "*"],
];

/** Escaping.unescapeValue: one pass, left to right, the first escape that matches at each backslash. */
export function unescapeValue(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; ) {
    const hit = value[i] === "\\" ? VALUE_ESCAPES.find(([e]) => value.startsWith(e, i)) : undefined;
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += value[i];
      i++;
    }
  }
  return out;
}

/** Escaping.escapeValue. */
export function escapeValue(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    if (value.startsWith("->", i)) {
      out += "\\->";
      i++;
      continue;
    }
    const c = value[i] as string;
    out += c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\[]|_;*".includes(c) ? `\\${c}` : c;
  }
  return out;
}

// Escaping.escapeText (3.2+): control characters 0–7 and 14–31 as a backslash before the character itself; \t \n \f \r \b and \ as Java escapes.
const TEXT_ESCAPES: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "\b": "\\b", "\\": "\\\\" };

/** Escaping.escapeText for format 3.2 and later. */
export function escapeText(text: string): string {
  let out = "";
  for (const c of text) {
    const code = c.charCodeAt(0);
    const named = TEXT_ESCAPES[c];
    if (named !== undefined) out += named;
    else if (code < 32 && !(code > 7 && code < 14)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

/** Escaping.unescapeText for format 3.2 and later. */
export function unescapeText(text: string): string {
  const named: Record<string, string> = { t: "\t", n: "\n", f: "\f", r: "\r", b: "\b", "\\": "\\" };
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === "\\" && next !== undefined) {
      const code = next.charCodeAt(0);
      if (named[next] !== undefined) {
        out += named[next];
        i++;
        continue;
      }
      if (code < 32 && !(code > 7 && code < 14)) {
        out += next;
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Splits at "|" not preceded by a backslash (Tsv3XDeserializer STACK_SEP_PATTERN). */
function splitStack(value: string): string[] {
  return value.split(/(?<!\\)\|/);
}

type Annotation = { begin: number; end: number; features: Map<string, string | null>; line: number; item: string };

/** Reads one TSV 3.x file as one document. Never throws on bad input. */
export function parseWebannoTsv(input: string, options: WebannoTsvOptions = {}): InterchangeParse {
  const key = options.key ?? "document";
  const problems: InterchangeProblem[] = [];
  const skipped: Record<string, number> = {};
  const result: InterchangeParse = { documents: [], problems, skipped, offsetUnit: "utf16" };
  const lines = (input.startsWith("\uFEFF") ? input.slice(1) : input).split(/\r\n|\r|\n/);
  const format = /^#FORMAT=(.*) (\d+)\.(\d+)$/.exec(lines[0] ?? "");
  if (format?.[2] !== "3" || Number(format[3]) < 2) {
    problems.push({ line: 1, field: "#FORMAT", message: "not a WebAnno TSV 3.2/3.3 file: the first line must be #FORMAT=WebAnno TSV 3.3" });
    return result;
  }
  const columns: Column[] = [];
  let n = 1;
  for (; n < lines.length; n++) {
    const m = /^#T_(SP|RL|CH)=(.*)$/.exec(lines[n] as string);
    if (!m) break;
    const [layer, ...features] = (m[2] as string).split("|");
    const kind = m[1] === "SP" ? "span" : m[1] === "RL" ? "relation" : "chain";
    if (features.length === 0) columns.push({ layer: layer as string, kind, feature: null });
    for (const feature of features) columns.push({ layer: layer as string, kind, feature });
  }
  const spanLayers = [...new Set(columns.filter((c) => c.kind === "span").map((c) => c.layer))];
  const layer =
    options.layer ??
    (spanLayers.includes(CLAIM_LAYER)
      ? CLAIM_LAYER
      : (spanLayers.find((l) => l.startsWith("webanno.custom.")) ?? (spanLayers.includes(NAMED_ENTITY) ? NAMED_ENTITY : spanLayers[0])));
  const mine = columns.map((c, i) => ({ ...c, index: i })).filter((c) => c.layer === layer && c.kind === "span");
  if (layer !== undefined && mine.length === 0) problems.push({ line: 2, field: "#T_SP", message: `the file has no span layer ${layer}` });
  const features = mine.map((c) => c.feature).filter((f): f is string => f !== null && !f.startsWith("ROLE_") && !f.includes("."));
  const labelFeature = options.labelFeature ?? (features.includes("value") ? "value" : features[0]);

  // Rebuild the text as the reader does, collecting units and their cells.
  let text = "";
  let sentenceText: string[] = [];
  let inSentenceHeader = false;
  type Unit = { line: number; id: string; begin: number; end: number; token: string; cells: string[] };
  const units: Unit[] = [];
  let bodyError = false;
  for (let i = n; i < lines.length; i++) {
    const line = lines[i] as string;
    const lineNumber = i + 1;
    if (line.startsWith("#") && (inSentenceHeader || sentenceText.length === 0)) {
      if (line.startsWith("#Text=")) sentenceText.push(unescapeText(line.slice(6)));
      inSentenceHeader = true;
      continue;
    }
    if (line === "") {
      inSentenceHeader = false;
      continue;
    }
    const fields = line.split("\t");
    const m = /^(\d+)-(\d+)$/.exec(fields[1] ?? "");
    if (fields.length < columns.length + 3 || !m || !/^\d+-\d+(\.\d+)?$/.test(fields[0] ?? "")) {
      problems.push({
        line: lineNumber,
        item: fields[0],
        message: `not a token line: expected an id, begin-end offsets, the token and ${columns.length} column(s)`,
      });
      bodyError = true;
      continue;
    }
    const begin = Number(m[1]);
    const end = Number(m[2]);
    if (inSentenceHeader) {
      inSentenceHeader = false;
      if (text.length > begin && text.endsWith("\n")) text = text.slice(0, -1);
      if (text.length < begin) text += " ".repeat(begin - text.length);
      text += sentenceText.map((t) => `${t}\n`).join("");
      sentenceText = [];
    }
    units.push({ line: lineNumber, id: fields[0] as string, begin, end, token: fields[2] as string, cells: fields.slice(3) });
  }
  if (text.endsWith("\n")) text = text.slice(0, -1);
  if (bodyError && units.length === 0) return result;

  const frame = openText(text);
  const index: OffsetIndex = createOffsetIndex(text);
  const byId = new Map<string, Annotation>();
  const annotations: Annotation[] = [];
  for (const unit of units) {
    const fields = { start: "begin", end: "end" };
    const checked = frame.check("utf16", unit.begin, unit.end, fields);
    if (!checked.ok) {
      problems.push({ line: unit.line, item: unit.id, field: "offsets", message: checked.message });
      continue;
    }
    if (index.text.slice(unit.begin, unit.end) !== unit.token) {
      problems.push({
        line: unit.line,
        item: unit.id,
        field: "token",
        message: `the token "${unit.token.slice(0, 40)}" differs from the text at ${unit.begin}-${unit.end}`,
      });
      continue;
    }
    const local: Annotation[] = [];
    columns.forEach((column, c) => {
      const cell = unit.cells[c] ?? "_";
      if (cell === "_") return;
      const values = splitStack(cell);
      if (column.layer !== layer || column.kind !== "span") {
        if (column.feature === columns.find((k) => k.layer === column.layer)?.feature) {
          const reason = column.kind === "span" ? "annotations of other layers" : column.kind === "relation" ? "relations" : "chains";
          // An annotation over several units is counted once, at its first unit.
          for (const v of values) {
            const id = /(?<!\\)\[([0-9_]+)\]$/.exec(v)?.[1];
            const seenKey = `${column.layer}#${id}`;
            if (id !== undefined && byId.has(seenKey)) continue;
            if (id !== undefined) byId.set(seenKey, { begin: 0, end: 0, features: new Map(), line: 0, item: "" });
            skipped[reason] = (skipped[reason] ?? 0) + 1;
          }
        }
        return;
      }
      values.forEach((raw, stack) => {
        let value = raw;
        let id: string | undefined;
        const m = /(?<!\\)\[(\d+)\]$/.exec(raw);
        if (m) {
          id = m[1];
          value = raw.slice(0, m.index);
        }
        let annotation = local[stack];
        if (annotation === undefined && id !== undefined) {
          annotation = byId.get(`${layer}#${id}`);
          if (annotation) annotation.end = unit.end;
        }
        if (annotation === undefined) {
          annotation = {
            begin: unit.begin,
            end: unit.end,
            features: new Map(),
            line: unit.line,
            item: id === undefined ? unit.id : `${unit.id} [${id}]`,
          };
          annotations.push(annotation);
          if (id !== undefined) byId.set(`${layer}#${id}`, annotation);
        }
        local[stack] = annotation;
        if (column.feature !== null) annotation.features.set(column.feature, value === "*" ? null : unescapeValue(value));
      });
    });
  }

  const spans: InterchangeSpan[] = [];
  const shortName = layer?.split(".").pop() ?? "span";
  const stored = frame.text === text ? index : createOffsetIndex(frame.text);
  for (const a of annotations) {
    if (a.begin === a.end) {
      skipped["zero-width annotations"] = (skipped["zero-width annotations"] ?? 0) + 1;
      continue;
    }
    const placed = frame.place("utf16", a.begin, a.end, { start: "begin", end: "end" });
    if (!placed.ok) {
      problems.push({ line: a.line, item: a.item, field: placed.field, message: placed.message });
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [name, value] of a.features) if (name !== labelFeature && value !== null) attributes[name] = value;
    const label = labelFeature === undefined ? shortName : (a.features.get(labelFeature) ?? shortName);
    spans.push({
      start: placed.start,
      end: placed.end,
      text: stored.slice(placed.start, placed.end),
      label,
      attributes,
      notes: [],
      at: { line: a.line, item: a.item },
    });
  }
  result.documents.push({ key, text: frame.text, spans, at: { line: 1, item: key } });
  return result;
}

const WORD = /[\p{L}\p{M}\p{N}]/u;
const SPACE = /\s/u;

/** The TSV text of one document (see the module comment for the tokenisation and sentences). */
export function writeWebannoTsv(document: InterchangeDocument, options: { layer?: string } = {}): string {
  const problems = unwritable(document, 1);
  const text = document.text ?? "";
  if (/^\s/u.test(text) && !/^ +\S/u.test(text) && text.trim() !== "") {
    problems.push({ line: 1, item: document.key, field: "text", message: "WebAnno TSV cannot carry text that starts with a line break or tab" });
  }
  if (problems.length > 0) throw new InterchangeWriteError("WebAnno TSV", problems);
  const layer = options.layer ?? CLAIM_LAYER;
  const index = createOffsetIndex(text);
  const names = [...new Set(document.spans.flatMap((s) => Object.keys(s.attributes)))].filter((n) => n !== "value").sort();
  // Span edges in UTF-16, moved off whitespace (the format cannot address it).
  const spans = document.spans
    .map((s) => {
      let b = index.toUtf16(s.start);
      let e = index.toUtf16(s.end);
      while (b < e && SPACE.test(text[b] as string)) b++;
      while (e > b && SPACE.test(text[e - 1] as string)) e--;
      return { b, e, span: s };
    })
    .filter((s) => s.e > s.b);
  const cuts = new Set<number>();
  for (const s of spans) cuts.add(s.b).add(s.e);
  // Tokens.
  const tokens: Array<{ b: number; e: number }> = [];
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    if (SPACE.test(ch)) {
      i += ch.length;
      continue;
    }
    const b = i;
    i += ch.length;
    if (WORD.test(ch)) {
      while (i < text.length && !cuts.has(i)) {
        const next = String.fromCodePoint(text.codePointAt(i) as number);
        if (!WORD.test(next)) break;
        i += next.length;
      }
    }
    tokens.push({ b, e: i });
  }
  // Sentences start at the first token at or after each sentence of lib/segmentation.ts.
  const starts = new Set<number>();
  let t = 0;
  for (const sentence of segmentSentences(text)) {
    while (t < tokens.length && (tokens[t] as { b: number }).b < sentence.start) t++;
    if (t < tokens.length) starts.add(t);
  }
  starts.add(0);
  // Disambiguation ids: for annotations over several tokens or stacked with another on a token.
  const onToken = tokens.map(() => [] as number[]);
  spans.forEach((s, k) => {
    tokens.forEach((tok, j) => {
      if (tok.b >= s.b && tok.e <= s.e) onToken[j]?.push(k);
    });
  });
  const needsId = spans.map(
    (_, k) => onToken.filter((list) => list.includes(k)).length > 1 || onToken.some((list) => list.length > 1 && list.includes(k)),
  );
  const ids = new Map<number, number>();
  let next = 1;
  spans.forEach((_, k) => {
    if (needsId[k]) ids.set(k, next++);
  });
  const cell = (list: number[], value: (k: number) => string | null) =>
    list.length === 0
      ? "_"
      : list
          .map((k) => {
            const v = value(k);
            return `${v === null ? "*" : escapeValue(v)}${ids.has(k) ? `[${ids.get(k)}]` : ""}`;
          })
          .join("|");

  let out = `#FORMAT=WebAnno TSV 3.3\n#T_SP=${layer}|value${names.map((n) => `|${n}`).join("")}\n\n`;
  const sentenceStarts = [...starts].sort((a, b) => a - b);
  sentenceStarts.forEach((first, s) => {
    const last = (sentenceStarts[s + 1] ?? tokens.length) - 1;
    const from = (tokens[first] as { b: number }).b;
    const to = s + 1 < sentenceStarts.length ? (tokens[last + 1] as { b: number }).b : text.length;
    out += "\n";
    for (const line of text.slice(from, to).split("\n")) out += `#Text=${escapeText(line)}\n`;
    for (let j = first; j <= last; j++) {
      const tok = tokens[j] as { b: number; e: number };
      const list = onToken[j] as number[];
      const columns = [cell(list, (k) => (spans[k] as { span: InterchangeSpan }).span.label)];
      for (const name of names) {
        columns.push(
          cell(list, (k) => {
            const v = (spans[k] as { span: InterchangeSpan }).span.attributes[name];
            return v === undefined ? null : String(v);
          }),
        );
      }
      out += `${s + 1}-${j - first + 1}\t${tok.b}-${tok.e}\t${text.slice(tok.b, tok.e)}\t${columns.map((c) => `${c}\t`).join("")}\n`;
    }
  });
  return out;
}
