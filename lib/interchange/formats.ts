/**
 * The interchange formats Claimwork reads (issue 15), each once: its key, its
 * name, the unit its file counts offsets in, and how its file(s) are read
 * into the interchange model. The import (server/interchange.ts), its route
 * and the command line take the list from here.
 */
import { parseBrat } from "./brat";
import { parseCheckThat } from "./checkthat";
import { parseDoccano } from "./doccano";
import { parseHypothesis } from "./hypothesis";
import { parseLabelStudio } from "./label-studio";
import type { InterchangeParse, OffsetUnit } from "./model";
import { parseProdigy } from "./prodigy";
import { mergeSkipped } from "./text-frame";
import { parseWebannoTsv } from "./webanno-tsv";

export const INTERCHANGE_FORMATS = ["label_studio", "doccano", "prodigy", "brat", "webanno_tsv", "hypothesis", "checkthat"] as const;
export type InterchangeFormat = (typeof INTERCHANGE_FORMATS)[number];

/** A file of an import, decoded: its name (brat pairs `.txt` and `.ann` by it) and its text. */
export type InterchangeFile = { name: string; content: string };

/** Choices a file cannot tell: model predictions in (Label Studio), the unit where a format has shipped both. */
export type InterchangeReadOptions = { includePredictions?: boolean; offsetUnit?: OffsetUnit };

type FormatInfo = {
  name: string;
  /** What the file's offsets count (README, "Interchange formats"). */
  unit: string;
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

export const INTERCHANGE_FORMAT_INFO: Record<InterchangeFormat, FormatInfo> = {
  label_studio: {
    name: "Label Studio (task JSON)",
    unit: "code points (UTF-16 detected per file, from each region's text)",
    read: (files, options) => eachFile((file) => parseLabelStudio(file.content, options))(files),
  },
  doccano: {
    name: "doccano (JSONL)",
    unit: "code points (Python string indices); UTF-16 when the file's spans say so",
    read: (files, options) => eachFile((file) => parseDoccano(file.content, options))(files),
  },
  prodigy: { name: "Prodigy (JSONL)", unit: "code points (Python string indices)", read: eachFile((file) => parseProdigy(file.content)) },
  brat: { name: "brat standoff (.txt + .ann)", unit: "code points (Python string indices)", read: readBrat },
  webanno_tsv: {
    name: "INCEpTION / WebAnno TSV 3.3",
    unit: "UTF-16 code units",
    read: eachFile((file) => parseWebannoTsv(file.content, { key: file.name })),
  },
  hypothesis: {
    name: "Hypothesis (annotation JSON)",
    unit: "UTF-16 code units of the page, anchored by quote",
    read: eachFile((file) => parseHypothesis(file.content)),
  },
  checkthat: { name: "CheckThat!-style TSV", unit: "whole sentences (no offsets)", read: eachFile((file) => parseCheckThat(file.content)) },
};

export function isInterchangeFormat(value: string): value is InterchangeFormat {
  return (INTERCHANGE_FORMATS as readonly string[]).includes(value);
}
