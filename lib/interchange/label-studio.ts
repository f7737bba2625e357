/**
 * Label Studio task JSON (what "Export → JSON" writes and "Import" reads; the
 * format is in HumanSignal/label-studio docs/source/guide/task_format.md and
 * the editor's examples, e.g. web/libs/editor/src/examples/named_entity):
 *
 *   [{ "id": 1, "data": { "text": "…", … },
 *      "annotations": [{ "id": 7, "was_cancelled": false,
 *        "result": [{ "id": "beFiQTT1cU", "from_name": "label", "to_name": "text", "type": "labels",
 *                     "value": { "start": 343, "end": 354, "text": "February 22", "labels": ["Date"] } },
 *                   { "id": "beFiQTT1cU", "from_name": "verdict", "to_name": "text", "type": "choices",
 *                     "value": { "start": 343, "end": 354, "text": "February 22", "choices": ["False"] } }] }],
 *      "predictions": [{ "model_version": "…", "result": [ …same shape… ] }] }]
 *
 * A region's other control tags (per-region `choices`, `textarea`, `rating`)
 * share the labels result's `id`; they become the span's attributes under the
 * control's `from_name` (several choices or textarea lines joined by "\n", a
 * rating as a number). A region with several labels gives one span per label.
 * Spans of all of a task's annotations go into its one document. Not imported,
 * and counted: cancelled annotations (`skipped.cancelled`), prediction regions
 * unless `includePredictions` (`skipped.predictions`; with it they are spans
 * marked `isMachineMade`), relations (`skipped.relations`), results of other
 * types such as rectangles (`skipped.unsupported_results`) and control results
 * that belong to no labelled region, i.e. whole-task classifications
 * (`skipped.unattached_results`).
 *
 * Which `data` field holds the text: `options.textKey`; else `text`; else the
 * field named by the results' `to_name` when they all name the same one; else
 * the only text field. A file of one task object (Label Studio's per-task
 * storage files) reads like an array of one. Locations: `line` is the task's
 * 1-based position in the array (JSON has no lines worth naming), `item` the
 * result ("annotations[0].result[2]").
 *
 * Offset unit: Label Studio means CODE POINTS (the fix for emoji offsets,
 * HumanSignal/label-studio#1559 / label-studio-frontend#308: "Store code
 * points instead of js length"), but versions have shipped UTF-16 code units
 * (#1347: 💩 shifts every later span by one; #4988, #6057 show the editor
 * still mixing the two). `value.text` is carried with each region, so the
 * unit is read per file: each region's text is compared with the task text
 * sliced both ways. Regions that fit only UTF-16 make the file UTF-16; if some
 * fit only code points and others only UTF-16, every region whose reading
 * depends on the unit is a problem — never a guess. A file none of whose
 * regions tells the units apart is read in Label Studio's documented unit,
 * code points (that is also what our writer produces, so our own files read
 * back exactly). `options.offsetUnit`
 * skips the detection. Writing uses code points, with `value.text` always.
 * "\r\n" in a task's text counts as two characters in Label Studio (its Text
 * tag documentation); it is converted as text-frame.ts describes.
 */
import { createOffsetIndex } from "@/lib/offsets";
import type { InterchangeDocument, InterchangeParse, InterchangeProblem, InterchangeSpan, OffsetUnit } from "./model";
import { countSkipped, InterchangeWriteError, isRecord, openText, parseJson, type TextFrame, unitWords, unwritable } from "./text-frame";

export type LabelStudioOptions = {
  /** The `data` field holding the text. */
  textKey?: string;
  /** Import `predictions[]` (model output) as spans marked machine-made instead of skipping them. */
  includePredictions?: boolean;
  /** The unit the file counts in, when known; skips the detection. */
  offsetUnit?: OffsetUnit;
};

type Attribute = string | number | boolean;
const FIELDS = { start: "value.start", end: "value.end" };

type Region = {
  item: string;
  start: unknown;
  end: unknown;
  text?: string;
  labels: string[];
  attributes: Record<string, Attribute>;
  isMachineMade: boolean;
  fitsCodePoints: boolean;
  fitsUtf16: boolean;
};

/** One task read as far as it can be without knowing the file's unit. */
export type LabelStudioTask = {
  record: number;
  document?: Omit<InterchangeDocument, "spans">;
  frame?: TextFrame;
  regions: Region[];
  problems: InterchangeProblem[];
  skipped: Record<string, number>;
};

function joinValue(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join("\n");
  return null;
}

function pickTextKey(
  data: Record<string, unknown>,
  results: Record<string, unknown>[],
  options: LabelStudioOptions,
): { key: string } | { error: string } {
  if (options.textKey !== undefined) return { key: options.textKey };
  if (typeof data.text === "string") return { key: "text" };
  const targets = new Set(results.filter((r) => r.type === "labels").map((r) => r.to_name));
  const [only] = targets;
  if (targets.size === 1 && typeof only === "string" && typeof data[only] === "string") return { key: only };
  const texts = Object.keys(data).filter((k) => typeof data[k] === "string");
  if (texts.length === 1) return { key: texts[0] as string };
  return {
    error: `cannot tell which data field holds the text (${texts.length === 0 ? "none is text" : texts.join(", ")}); name it as the text key`,
  };
}

/** Reads one task (an element of the exported array) up to the unit decision. Never throws on bad input. */
export function readLabelStudioTask(task: unknown, record: number, options: LabelStudioOptions = {}): LabelStudioTask {
  const out: LabelStudioTask = { record, regions: [], problems: [], skipped: {} };
  const problem = (item: string | undefined, field: string | undefined, message: string) =>
    out.problems.push({ line: record, ...(item === undefined ? {} : { item }), ...(field === undefined ? {} : { field }), message });
  if (!isRecord(task)) {
    problem(undefined, undefined, "the task is not a JSON object");
    return out;
  }
  // Label Studio reads a task without `data` as all data.
  const data = isRecord(task.data) ? task.data : task;

  type Source = { name: string; results: unknown[]; isMachineMade: boolean };
  const sources: Source[] = [];
  const readList = (name: "annotations" | "completions" | "predictions") => {
    const list = task[name];
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      problem(undefined, name, `${name} must be a list`);
      return;
    }
    list.forEach((entry, i) => {
      const where = `${name}[${i}]`;
      if (!isRecord(entry)) {
        problem(where, name, "not an object");
        return;
      }
      if (!Array.isArray(entry.result)) {
        problem(where, "result", "result must be a list");
        return;
      }
      if (name === "predictions" && !options.includePredictions) {
        countSkipped(out.skipped, "predictions", entry.result.filter((r) => isRecord(r) && r.type === "labels").length);
        return;
      }
      if (entry.was_cancelled === true) {
        countSkipped(out.skipped, "cancelled");
        return;
      }
      sources.push({ name: where, results: entry.result, isMachineMade: name === "predictions" });
    });
  };
  readList("annotations");
  readList("completions"); // Label Studio before 1.0
  readList("predictions");

  const allResults = sources.flatMap((s) => s.results.filter(isRecord));
  const picked = pickTextKey(data, allResults, options);
  if ("error" in picked) {
    problem(undefined, "data", picked.error);
    return out;
  }
  const rawText = data[picked.key];
  if (typeof rawText !== "string") {
    problem(undefined, `data.${picked.key}`, `data.${picked.key} is not text`);
    return out;
  }
  const frame = openText(rawText);
  out.frame = frame;
  const id = task.id;
  out.document = {
    key: typeof id === "number" || (typeof id === "string" && id !== "") ? String(id) : String(record),
    text: frame.text,
    at: { line: record },
  };
  if (typeof data.title === "string") out.document.title = data.title;
  if (typeof data.source_url === "string") out.document.sourceUrl = data.source_url;

  for (const source of sources) {
    const regions = new Map<string, Region>();
    const controls: { item: string; result: Record<string, unknown> }[] = [];
    source.results.forEach((result, i) => {
      const item = `${source.name}.result[${i}]`;
      if (!isRecord(result)) {
        problem(item, undefined, "result is not an object");
        return;
      }
      const value = isRecord(result.value) ? result.value : {};
      switch (result.type) {
        case "labels": {
          const labels = value.labels;
          if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => typeof l === "string" && l !== "")) {
            problem(item, "value.labels", "value.labels must be a non-empty list of label names");
            return;
          }
          if (value.text !== undefined && typeof value.text !== "string") {
            problem(item, "value.text", "value.text must be a string");
            return;
          }
          const region: Region = {
            item,
            start: value.start,
            end: value.end,
            labels,
            attributes: {},
            isMachineMade: source.isMachineMade,
            fitsCodePoints: false,
            fitsUtf16: false,
          };
          if (typeof value.text === "string") {
            region.text = value.text;
            for (const unit of ["code_points", "utf16"] as const) {
              const checked = frame.check(unit, value.start, value.end, FIELDS);
              const fits = checked.ok && frame.sliceRaw(unit, checked.start, checked.end) === value.text;
              if (unit === "code_points") region.fitsCodePoints = fits;
              else region.fitsUtf16 = fits;
            }
          }
          out.regions.push(region);
          if (typeof result.id === "string" || typeof result.id === "number") regions.set(String(result.id), region);
          return;
        }
        case "choices":
        case "textarea":
        case "rating":
          controls.push({ item, result });
          return;
        case "relation":
          countSkipped(out.skipped, "relations");
          return;
        default:
          countSkipped(out.skipped, "unsupported_results");
          return;
      }
    });
    for (const { item, result } of controls) {
      const region = typeof result.id === "string" || typeof result.id === "number" ? regions.get(String(result.id)) : undefined;
      if (region === undefined) {
        countSkipped(out.skipped, "unattached_results");
        continue;
      }
      const value = isRecord(result.value) ? result.value : {};
      const name = typeof result.from_name === "string" && result.from_name !== "" ? result.from_name : String(result.type);
      const read = result.type === "choices" ? joinValue(value.choices) : result.type === "textarea" ? joinValue(value.text) : value.rating;
      if (result.type === "rating" ? typeof read !== "number" : typeof read !== "string") {
        const field = result.type === "choices" ? "value.choices" : result.type === "textarea" ? "value.text" : "value.rating";
        problem(item, field, `${field} is not a ${result.type === "rating" ? "number" : "list of strings"}`);
        continue;
      }
      region.attributes[name] = read as Attribute;
    }
  }
  return out;
}

/** The unit the tasks' regions settle on: given, detected, or "mixed" when they point both ways. */
export function settleLabelStudioUnit(tasks: readonly LabelStudioTask[], given?: OffsetUnit): OffsetUnit | "mixed" {
  if (given !== undefined) return given;
  let codePointsOnly = false;
  let utf16Only = false;
  for (const task of tasks) {
    for (const r of task.regions) {
      if (r.fitsCodePoints && !r.fitsUtf16) codePointsOnly = true;
      if (r.fitsUtf16 && !r.fitsCodePoints) utf16Only = true;
    }
  }
  if (codePointsOnly && utf16Only) return "mixed";
  return utf16Only ? "utf16" : "code_points";
}

/** Places one task's regions in the settled unit: its document, or none when the task had no text. */
export function finishLabelStudioTask(
  task: LabelStudioTask,
  unit: OffsetUnit | "mixed",
): { document?: InterchangeDocument; problems: InterchangeProblem[] } {
  const problems = [...task.problems];
  if (task.document === undefined || task.frame === undefined) return { problems };
  const frame = task.frame;
  const spans: InterchangeSpan[] = [];
  for (const region of task.regions) {
    const problem = (field: string, message: string) => problems.push({ line: task.record, item: region.item, field, message });
    let read: OffsetUnit;
    if (unit === "mixed") {
      const cp = frame.check("code_points", region.start, region.end, FIELDS);
      const disagree = cp.ok && frame.unitsDisagree(cp.start, cp.end);
      const dependsOnUnit = region.text === undefined ? disagree : region.fitsCodePoints !== region.fitsUtf16 || (region.fitsCodePoints && disagree);
      if (dependsOnUnit) {
        problem(
          "value.start",
          region.text === undefined
            ? "this region carries no text to tell the unit by, and this file's regions disagree on it; choose the unit to import it"
            : "this file's regions disagree on the offset unit (some fit only code points, others only UTF-16 code units) and this one's place depends on it; choose the unit to import it",
        );
        continue;
      }
      read = "code_points";
    } else {
      read = unit;
    }
    const checked = frame.check(read, region.start, region.end, FIELDS);
    if (!checked.ok) {
      problem(checked.field, `${checked.message} (reading the offsets as ${unitWords(read)})`);
      continue;
    }
    if (region.text !== undefined && !(read === "utf16" ? region.fitsUtf16 : region.fitsCodePoints)) {
      const other: OffsetUnit = read === "utf16" ? "code_points" : "utf16";
      const hint = (other === "utf16" ? region.fitsUtf16 : region.fitsCodePoints) ? ` (it would fit if the offsets counted ${unitWords(other)})` : "";
      problem(
        "value.text",
        `value.text ${JSON.stringify(region.text.slice(0, 80))} does not match the task text at ${checked.start}…${checked.end} (${unitWords(read)})${hint}`,
      );
      continue;
    }
    const placed = frame.place(read, checked.start, checked.end, FIELDS);
    if (!placed.ok) {
      problem(placed.field, placed.message);
      continue;
    }
    for (const label of region.labels) {
      const span: InterchangeSpan = {
        start: placed.start,
        end: placed.end,
        label,
        attributes: { ...region.attributes },
        notes: [],
        at: { line: task.record, item: region.item },
      };
      if (region.text !== undefined) span.text = frame.sliceText(placed.start, placed.end);
      if (region.isMachineMade) span.isMachineMade = true;
      spans.push(span);
    }
  }
  return { document: { ...task.document, spans }, problems };
}

/** Reads a Label Studio JSON export (an array of tasks, or one task). Never throws on bad input. */
export function parseLabelStudio(input: string, options: LabelStudioOptions = {}): InterchangeParse {
  const out: InterchangeParse = { documents: [], problems: [], skipped: {}, offsetUnit: "code_points" };
  const parsed = parseJson(input.replace(/^\uFEFF/, ""));
  if (!parsed.ok) {
    out.problems.push({ line: 1, message: `the file is ${parsed.message}` });
    return out;
  }
  const list = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  const tasks = list.map((task, i) => readLabelStudioTask(task, i + 1, options));
  const unit = settleLabelStudioUnit(tasks, options.offsetUnit);
  out.offsetUnit = unit === "utf16" ? "utf16" : "code_points";
  const seen = new Set<string>();
  for (const task of tasks) {
    for (const [reason, n] of Object.entries(task.skipped)) countSkipped(out.skipped, reason, n);
    const { document, problems } = finishLabelStudioTask(task, unit);
    out.problems.push(...problems);
    if (!document) continue;
    if (seen.has(document.key)) {
      out.problems.push({ line: task.record, field: "id", message: `task id ${document.key} appears twice; the later task is not imported` });
      continue;
    }
    seen.add(document.key);
    out.documents.push(document);
  }
  return out;
}

export type LabelStudioControl = "choices" | "textarea" | "rating";

export type LabelStudioWriteOptions = {
  /** The control tag each attribute is written as; by default numbers are ratings and everything else choices. */
  attributeControls?: Record<string, LabelStudioControl>;
};

/**
 * Writes documents as a Label Studio task list, pretty-printed, deterministic:
 * one task per document (`id` the key, as a number when it is one), `data.text`
 * (and `data.title`, `data.source_url` when set), people's spans as one
 * annotation, machine-made spans as one prediction. Each span is a `labels`
 * region in code points with its `value.text`; its attributes are per-region
 * results sharing its id (the labeling config must declare them with
 * perRegion="true"). Notes are not written (no Label Studio control carries
 * them without a config to name it). @throws InterchangeWriteError for
 * documents without text, spans off the text, or discontinuous spans.
 */
export function writeLabelStudio(documents: readonly InterchangeDocument[], options: LabelStudioWriteOptions = {}): string {
  const problems = documents.flatMap((doc, i) => unwritable(doc, i + 1));
  if (problems.length > 0) throw new InterchangeWriteError("Label Studio", problems);
  const tasks = documents.map((doc) => {
    const text = doc.text as string;
    const index = createOffsetIndex(text);
    const people: unknown[] = [];
    const machine: unknown[] = [];
    doc.spans.forEach((span, i) => {
      const id = `r${i + 1}`;
      const where = { start: span.start, end: span.end, text: index.slice(span.start, span.end) };
      const results = span.isMachineMade ? machine : people;
      results.push({ id, from_name: "label", to_name: "text", type: "labels", value: { ...where, labels: [span.label] } });
      for (const name of Object.keys(span.attributes).sort()) {
        const value = span.attributes[name] as Attribute;
        const control = options.attributeControls?.[name] ?? (typeof value === "number" ? "rating" : "choices");
        const written =
          control === "rating"
            ? { rating: Number(value) }
            : control === "textarea"
              ? { text: [String(value)] }
              : { choices: String(value).split("\n") };
        // A per-region textarea's own `value.text` (its lines) takes the place of the region text, as in Label Studio.
        results.push({ id, from_name: name, to_name: "text", type: control, value: { ...where, ...written } });
      }
    });
    const data: Record<string, string> = { text };
    if (doc.title !== undefined) data.title = doc.title;
    if (doc.sourceUrl !== undefined) data.source_url = doc.sourceUrl;
    const id = /^(0|[1-9]\d{0,14})$/.test(doc.key) ? Number(doc.key) : doc.key;
    return {
      id,
      data,
      annotations: people.length > 0 ? [{ result: people }] : [],
      predictions: machine.length > 0 ? [{ model_version: "claimwork", result: machine }] : [],
    };
  });
  return `${JSON.stringify(tasks, null, 2)}\n`;
}
