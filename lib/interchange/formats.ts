/**
 * How each interchange format's file(s) are read into the interchange model
 * (issue 15); the list itself, with each format's name and offset unit, is
 * ./format-list.ts (which the browser takes without the readers). The import
 * (server/interchange.ts), its route and the command line read files here.
 */
import { decodeText } from "@/lib/text-encoding";
import { parseBrat } from "./brat";
import { parseCheckThat } from "./checkthat";
import { parseDoccano } from "./doccano";
import { type FormatDescription, INTERCHANGE_FORMAT_DESCRIPTIONS, INTERCHANGE_FORMATS, type InterchangeFormat } from "./format-list";
import { parseHypothesis } from "./hypothesis";
import { parseLabelStudio } from "./label-studio";
import type { InterchangeParse, OffsetUnit } from "./model";
import { parseProdigy } from "./prodigy";
import { mergeSkipped } from "./text-frame";
import { parseWebannoTsv } from "./webanno-tsv";

export { INTERCHANGE_FORMATS, type InterchangeFormat, isInterchangeFormat } from "./format-list";

/** A file of an import, decoded: its name (brat pairs `.txt` and `.ann` by it) and its text. */
export type InterchangeFile = { name: string; content: string };

/**
 * An uploaded file's bytes as an import file, in the encoding they were saved in (lib/text-encoding.ts), or
 * why they cannot be read. A UTF-8 byte-order mark stays: it is part of what the tool counted (brat counts it
 * as character 0), and every reader takes it off itself (./text-frame.ts).
 */
export function decodeInterchangeFile(name: string, bytes: Uint8Array): InterchangeFile | { problem: string } {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { problem: decoded.message };
  return { name, content: `${decoded.encoding === "UTF-8 (BOM)" ? "\uFEFF" : ""}${decoded.text}` };
}

/** Choices a file cannot tell: model predictions in (Label Studio), the unit where a format has shipped both. */
export type InterchangeReadOptions = { includePredictions?: boolean; offsetUnit?: OffsetUnit };

type FormatInfo = FormatDescription & {
  read: (files: readonly InterchangeFile[], options: InterchangeReadOptions) => InterchangeParse;
};

const empty = (): InterchangeParse => ({ documents: [], problems: [], skipped: {}, offsetUnit: "code_points" });

/** Each file read on its own and the results put together; a problem's item names its file when there are several. */
function eachFile(read: (file: InterchangeFile) => InterchangeParse) {
  return (files: readonly InterchangeFile[]): InterchangeParse => {
    const out = empty();
    for (const file of files) {
      const parse = read(file);
      const named = files.length > 1;
      // A document's key is unique within its file only: with several files it is named by its file too.
      out.documents.push(...parse.documents.map((d) => (named ? { ...d, key: `${file.name}: ${d.key}` } : d)));
      out.problems.push(...parse.problems.map((p) => (named ? { ...p, item: p.item ? `${file.name}: ${p.item}` : file.name } : p)));
      mergeSkipped(out.skipped, parse.skipped);
      out.offsetUnit = parse.offsetUnit;
    }
    return out;
  };
}

/** brat's `.txt` and `.ann` files, paired by name; a file without its partner is a problem. */
function readBrat(files: readonly InterchangeFile[]): InterchangeParse {
  const out = empty();
  const byBase = new Map<string, { txt?: string; ann?: string }>();
  for (const file of files) {
    const match = /^(.*)\.(txt|ann)$/i.exec(file.name);
    if (!match) {
      out.problems.push({ line: 0, item: file.name, message: "brat documents are .txt and .ann files" });
      continue;
    }
    const pair = byBase.get(match[1]!) ?? {};
    pair[match[2]!.toLowerCase() as "txt" | "ann"] = file.content;
    byBase.set(match[1]!, pair);
  }
  for (const [base, pair] of byBase) {
    if (pair.txt === undefined || pair.ann === undefined) {
      out.problems.push({
        line: 0,
        item: base,
        message: `${base}.${pair.txt === undefined ? "txt" : "ann"} is missing: brat needs both files of a document`,
      });
      continue;
    }
    const parse = parseBrat({ txt: pair.txt, ann: pair.ann, key: base });
    out.documents.push(...parse.documents);
    out.problems.push(...parse.problems.map((p) => (byBase.size > 1 ? { ...p, item: p.item ? `${base}.ann: ${p.item}` : `${base}.ann` } : p)));
    mergeSkipped(out.skipped, parse.skipped);
  }
  return out;
}

const READERS: Record<InterchangeFormat, FormatInfo["read"]> = {
  label_studio: (files, options) => eachFile((file) => parseLabelStudio(file.content, options))(files),
  doccano: (files, options) => eachFile((file) => parseDoccano(file.content, options))(files),
  prodigy: eachFile((file) => parseProdigy(file.content)),
  brat: readBrat,
  webanno_tsv: eachFile((file) => parseWebannoTsv(file.content, { key: file.name })),
  hypothesis: eachFile((file) => parseHypothesis(file.content)),
  checkthat: eachFile((file) => parseCheckThat(file.content)),
};

export const INTERCHANGE_FORMAT_INFO = Object.fromEntries(
  INTERCHANGE_FORMATS.map((format) => [format, { ...INTERCHANGE_FORMAT_DESCRIPTIONS[format], read: READERS[format] }]),
) as Record<InterchangeFormat, FormatInfo>;
