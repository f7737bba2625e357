/**
 * The interchange formats Claimwork reads (issue 15), each once: its key, its
 * name and the unit its file counts offsets in. Without the readers
 * (./formats.ts), so the Import page can list them without shipping every
 * codec to the browser.
 */

export const INTERCHANGE_FORMATS = ["label_studio", "doccano", "prodigy", "brat", "webanno_tsv", "hypothesis", "checkthat"] as const;
export type InterchangeFormat = (typeof INTERCHANGE_FORMATS)[number];

export type FormatDescription = {
  /** The tool and format, by their own names. */
  name: string;
  /** What the file's offsets count (README, "Other tools' files"). */
  unit: string;
};

export const INTERCHANGE_FORMAT_DESCRIPTIONS: Record<InterchangeFormat, FormatDescription> = {
  label_studio: { name: "Label Studio (task JSON)", unit: "code points (UTF-16 detected per file, from each region's text)" },
  doccano: { name: "doccano (JSONL)", unit: "code points (Python string indices); UTF-16 when the file's spans say so" },
  prodigy: { name: "Prodigy (JSONL)", unit: "code points (Python string indices)" },
  brat: { name: "brat standoff (.txt + .ann)", unit: "code points (Python string indices)" },
  webanno_tsv: { name: "INCEpTION / WebAnno TSV 3.3", unit: "UTF-16 code units" },
  hypothesis: { name: "Hypothesis (annotation JSON)", unit: "UTF-16 code units of the page, anchored by quote" },
  checkthat: { name: "CheckThat!-style TSV", unit: "whole sentences (no offsets)" },
};

export function isInterchangeFormat(value: string): value is InterchangeFormat {
  return (INTERCHANGE_FORMATS as readonly string[]).includes(value);
}
