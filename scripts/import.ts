/**
 * Command-line import, sharing the web app's implementation and authorization:
 *
 *   npm run import -- --jsonl export.jsonl            restore a lossless export (ids kept; twice = no change)
 *   npm run import -- --w3c annotations.jsonld        annotations that anchor in known articles become claims
 *   npm run import -- --articles DIR                  every .txt/.md file in DIR as an article (each file's encoding detected)
 *   npm run import -- --articles articles.jsonl       one JSON object per line: { "text", "name"?, "title"?, "sourceUrl"?, "publisher"?, "language"?, "publishedAt"? }
 *   npm run import -- --revision FILE --article ID    FILE (.txt/.md) as the article's new revision, its claims re-anchored
 *   npm run import -- --interchange FORMAT FILE…      another tool's annotations (label_studio, doccano, prodigy, brat, webanno_tsv,
 *                                                     hypothesis, checkthat): without --map a preview of their labels, attributes
 *                                                     and documents; with --map LABEL=TYPE_KEY,LABEL=tag,LABEL=skip,LABEL=create:Name
 *                                                     the import (--include-predictions: Label Studio's model output too, as drafts;
 *                                                     --offset-unit code_points|utf16 where the file cannot tell, as doccano's)
 *
 * An article file whose source URL is an article's of the project already becomes that article's new
 * revision (reported per file), not a second article.
 * Options: --project ID (default: the default project), --user EMAIL (act as; default: first admin),
 * --skip-invalid (import the valid lines and list the rest; default: all or nothing),
 * --base-url URL (to recognise this instance's IRIs in W3C files).
 * Everything goes to standard error: the summary, every line skipped or refused, and every note on a
 * record stored otherwise than the file says (an article mapped to the same text already in the project,
 * an id already in use, a claim attributed to you instead of an author outside the project). For a DIR,
 * every file: new or already there, and the encoding it was read in (so a wrong guess shows), or why it
 * was skipped.
 * Exit codes: 0 imported, 1 the database could not be opened, 2 nothing imported (invalid lines, no access).
 * Uses DATABASE_URL, or the embedded database (stop the app first: one process per folder).
 */
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import {
  decodeInterchangeFile,
  INTERCHANGE_FORMAT_INFO,
  INTERCHANGE_FORMATS,
  type InterchangeFile,
  type InterchangeFormat,
  type InterchangeReadOptions,
  isInterchangeFormat,
} from "@/lib/interchange/formats";
import { claimTypeKeyOf, type LabelMapping } from "@/lib/interchange/import-plan";
import type { InterchangeProblem } from "@/lib/interchange/model";
import { type ArticleFileInput, type ArticleFileOutcome, articlesFromJsonLines, importArticleStream } from "@/server/articles";
import { runAsCliUser } from "@/server/cli-actor";
import { DEFAULT_PROJECT_ID } from "@/server/default-project";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { importJsonl, importW3c } from "@/server/import";
import { importInterchange, labelMappingSchema, previewInterchange } from "@/server/interchange";
import { addRevision } from "@/server/revisions";

/**
 * A file's lines. The iterator is taken at once: readline drops the lines (and
 * the end) it emits before someone iterates, and the importers iterate only
 * once their transaction has checked the caller's role — by then a small file
 * was read, and the import waited forever for a line that had already gone.
 */
function fileLines(file: string): AsyncIterable<string> {
  const iterator = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity })[Symbol.asyncIterator]();
  return { [Symbol.asyncIterator]: () => iterator };
}

/** The files' bytes, not text: the import detects each one's encoding, as it does for an upload. */
function* folderFiles(dir: string): Generator<ArticleFileInput> {
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => /\.(txt|md)$/i.test(n))
    .sort()) {
    yield { name, bytes: fs.readFileSync(path.join(dir, name)) };
  }
}

/** One line per file of a folder, in its order. */
function describeFile(outcome: ArticleFileOutcome): string {
  if (outcome.status === "refused") return `skipped: ${outcome.reason}`;
  const read = outcome.encoding ? `, read as ${outcome.encoding}` : "";
  if (outcome.status === "revised") {
    const { kept, relocated, needs_confirmation: queued, orphaned } = outcome.claims;
    return `${outcome.name}: new revision ${outcome.revision} of "${outcome.title}" (same source URL); claims ${kept} kept, ${relocated} relocated, ${queued} to confirm, ${orphaned} orphaned${read}`;
  }
  return `${outcome.name}: ${outcome.status === "imported" ? "new" : "already there"}${read}`;
}

/** A file of an interchange import, read as the upload route reads one (lib/interchange/formats.ts). */
function readInterchangeFile(file: string): InterchangeFile {
  const read = decodeInterchangeFile(path.basename(file), fs.readFileSync(file));
  if ("problem" in read) throw new AppError("unprocessable:import", `${path.basename(file)}: ${read.problem}`);
  return read;
}

/** `--map STAT=statistic,MISC=tag,NOISE=skip,NEW=create:New type` as the label mapping the import takes. */
function parseMapping(spec: string): LabelMapping {
  const mapping: Record<string, unknown> = {};
  for (const part of spec.split(",")) {
    const at = part.lastIndexOf("=");
    if (at <= 0) throw new AppError("unprocessable:import", `--map: "${part}" is not LABEL=CHOICE`);
    const [label, choice] = [part.slice(0, at), part.slice(at + 1)];
    if (choice === "tag" || choice === "skip") mapping[label] = { kind: choice };
    else if (choice.startsWith("create:"))
      mapping[label] = {
        kind: "create",
        key: claimTypeKeyOf(choice.slice(7)),
        label: choice.slice(7),
      };
    else mapping[label] = { kind: "type", key: choice };
  }
  const parsed = labelMappingSchema.safeParse(mapping);
  if (!parsed.success)
    throw new AppError("unprocessable:import", `--map: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

function problemLine(problem: InterchangeProblem): Line {
  return { line: problem.line, field: [problem.item, problem.field].filter(Boolean).join(" "), message: problem.message };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      jsonl: { type: "string" },
      w3c: { type: "string" },
      articles: { type: "string" },
      revision: { type: "string" },
      article: { type: "string" },
      interchange: { type: "string" },
      map: { type: "string" },
      "include-predictions": { type: "boolean", default: false },
      "offset-unit": { type: "string" },
      project: { type: "string", default: DEFAULT_PROJECT_ID },
      user: { type: "string" },
      "skip-invalid": { type: "boolean", default: false },
      "base-url": { type: "string" },
    },
    strict: true,
    allowPositionals: true,
  });
  const chosen = [values.jsonl, values.w3c, values.articles, values.revision, values.interchange].filter(Boolean);
  if (chosen.length !== 1) {
    console.error(
      "import: give exactly one of --jsonl FILE, --w3c FILE, --articles DIR|FILE.jsonl, --revision FILE --article ID, --interchange FORMAT FILE…",
    );
    return 2;
  }
  if (values.interchange && !isInterchangeFormat(values.interchange)) {
    console.error(`import: --interchange takes one of ${INTERCHANGE_FORMATS.join(", ")}`);
    return 2;
  }
  if (positionals.length > 0 && !values.interchange) {
    console.error(`import: unexpected ${positionals.join(" ")} (files are given after --interchange FORMAT only)`);
    return 2;
  }
  if (Boolean(values.revision) !== Boolean(values.article)) {
    console.error("import: --revision FILE needs --article ID (the article it is a new revision of), and --article goes only with --revision");
    return 2;
  }
  return runAsCliUser(
    "import",
    values.user,
    async (db, actor) => {
      const skipInvalid = values["skip-invalid"] ?? false;
      if (values.jsonl) {
        const summary = await importJsonl(db, actor, { projectId: values.project!, lines: fileLines(values.jsonl), skipInvalid });
        report(
          `articles ${summary.articles.created} new, ${summary.articles.existing} existing; claims ${summary.claims.created} new, ${summary.claims.existing} existing`,
          summary.skipped,
          summary.notes,
        );
      } else if (values.interchange) {
        const format = values.interchange as InterchangeFormat;
        const files = positionals.map(readInterchangeFile);
        if (files.length === 0) throw new AppError("unprocessable:import", "give the files to import after --interchange FORMAT");
        const unit = values["offset-unit"];
        if (unit !== undefined && unit !== "code_points" && unit !== "utf16") {
          throw new AppError("unprocessable:import", "--offset-unit takes code_points or utf16");
        }
        const read: InterchangeReadOptions = {
          ...(values["include-predictions"] && { includePredictions: true }),
          ...(unit && { offsetUnit: unit }),
        };
        const options = { projectId: values.project!, format, files, read };
        if (!values.map) {
          const preview = await previewInterchange(db, actor, options);
          console.error(
            `import: preview of ${files.length} file(s) as ${INTERCHANGE_FORMAT_INFO[format].name}, offsets read as ${preview.offsetUnit}; nothing imported`,
          );
          for (const label of preview.labels)
            console.error(
              `  label ${JSON.stringify(label.label)}: ${label.spans} spans${label.machineMade ? ` (${label.machineMade} machine-made)` : ""}`,
            );
          for (const attribute of preview.attributes)
            console.error(
              `  attribute ${attribute.name}: ${attribute.values} spans${attribute.field ? `, becomes ${attribute.field}` : ", kept as a tag"}`,
            );
          for (const document of preview.documents)
            console.error(
              `  document ${document.key}: ${document.spans} spans, ${document.article ? `article ${document.article.id} (already here)` : "a new article"}`,
            );
          report("map the labels with --map LABEL=TYPE_KEY,LABEL=tag,LABEL=skip,LABEL=create:Label to import", preview.problems.map(problemLine), []);
        } else {
          const summary = await importInterchange(db, actor, { ...options, mapping: parseMapping(values.map) });
          const skipped = Object.entries(summary.skipped)
            .map(([reason, n]) => `${n} ${reason}`)
            .join(", ");
          report(
            `articles ${summary.articles.created} new, ${summary.articles.existing} existing; claims ${summary.claims.created} new, ${summary.claims.existing} existing` +
              (summary.createdTypes.length ? `; new claim types ${summary.createdTypes.map((t) => t.key).join(", ")}` : "") +
              (skipped ? `; skipped ${skipped}` : ""),
            summary.problems.map(problemLine),
            [],
          );
        }
      } else if (values.revision) {
        const file = { name: path.basename(values.revision), bytes: fs.readFileSync(values.revision) };
        const added = await addRevision(db, actor, { articleId: values.article!, file });
        const { kept, relocated, needs_confirmation: queued, orphaned } = added.claims;
        const read = added.encoding ? `, read as ${added.encoding}` : "";
        console.error(
          `import: revision ${added.revision} of article ${added.articleId} added${read}; claims ${kept} kept, ${relocated} relocated, ${queued} to confirm, ${orphaned} orphaned` +
            (added.sentenceDecisions.dropped ? `; ${added.sentenceDecisions.dropped} sentence decisions dropped (their sentence changed)` : ""),
        );
      } else if (values.w3c) {
        const json = fs.readFileSync(values.w3c, "utf8");
        const baseUrl = values["base-url"] ?? getEnv().baseUrl ?? "http://localhost:3000";
        const summary = await importW3c(db, actor, { projectId: values.project!, json, baseUrl, skipInvalid });
        report(`claims ${summary.claims.created} new, ${summary.claims.existing} existing`, summary.skipped, summary.notes);
      } else {
        const source = values.articles!;
        const isFolder = fs.statSync(source).isDirectory();
        const items = isFolder ? folderFiles(source) : articlesFromJsonLines(fileLines(source), path.basename(source));
        // Printed once the import has committed: before that, "new" could still be undone by a later refusal.
        const folderOutcomes: ArticleFileOutcome[] = [];
        const started = Date.now();
        const result = await importArticleStream(db, actor, {
          projectId: values.project!,
          items,
          skipInvalid,
          onProgress: (done) => {
            if (done % 500 === 0) process.stderr.write(`import: ${done} articles…\n`);
          },
          ...(isFolder && { onFile: (outcome: ArticleFileOutcome) => folderOutcomes.push(outcome) }),
        });
        const summary = `articles ${result.created} new, ${result.existing} already there, ${result.revised} revised, in ${((Date.now() - started) / 1000).toFixed(1)} s`;
        if (isFolder) {
          console.error(`import: ${summary}`);
          for (const outcome of folderOutcomes) console.error(`  ${describeFile(outcome)}`);
        } else {
          // Their messages already name the file (and line) they came from.
          report(
            summary,
            result.skipped.map((s) => ({ line: 0, field: "", message: s.message })),
          );
        }
      }
      return 0;
    },
    (error) => {
      // The message shows the first few; the detail holds up to 50, each with its line and field.
      const listed = (error.detail as { errors?: Line[] } | undefined)?.errors ?? [];
      if (listed.length > 10) for (const line of listed) console.error(`  ${where(line) || "invalid"}: ${line.message}`);
    },
  );
}

type Line = { line: number; field: string; message: string };

const where = (s: Line) => [s.line > 0 ? `line ${s.line}` : s.line < 0 ? "the document" : "", s.field].filter(Boolean).join(" ");

function report(summary: string, skipped: Line[], notes: Line[] = []) {
  console.error(`import: ${summary}`);
  for (const s of skipped) console.error(`  skipped${where(s) ? ` ${where(s)}` : ""}: ${s.message}`);
  for (const n of notes) console.error(`  note${where(n) ? ` ${where(n)}` : ""}: ${n.message}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("import failed:", error);
    process.exit(1);
  },
);
