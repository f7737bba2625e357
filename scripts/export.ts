/**
 * Command-line export, sharing the web app's implementation and authorization:
 *
 *   npm run --silent export -- --format w3c --project <project id> > out.jsonld
 *   npm run export -- --format w3c --project <project id> --out out.jsonld
 *
 * Without --silent, npm prints its script banner ("> claimwork@… export") on
 * standard output, ahead of the export: redirected, the file is not JSON.
 * --out writes the file itself (the banner stays on the terminal), and only
 * once the export is complete: it is written beside the target and renamed,
 * so a failed export never leaves a truncated file that looks like one.
 * Standard output carries the export and nothing else (every log goes to
 * standard error); the summary goes to standard error too.
 *
 * Options: --format jsonl|csv|w3c|claimreview|tsv (required), --project ID (default: the
 * default project), --articles ID,ID, --author USER_ID, --status accepted,submitted,
 * --gold, --from YYYY-MM-DD, --to YYYY-MM-DD, --user EMAIL (act as; default: first admin),
 * --base-url URL (for IRIs; default CLAIMWORK_BASE_URL or http://localhost:3000),
 * --out FILE (default: standard output).
 * Uses DATABASE_URL, or the embedded database (stop the app first: one process per folder).
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { runAsCliUser } from "@/server/cli-actor";
import { DEFAULT_PROJECT_ID } from "@/server/default-project";
import { getEnv } from "@/server/env";
import { exportRequestSchema, prepareExport } from "@/server/export";
import { parseWith } from "@/server/http";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      format: { type: "string" },
      project: { type: "string", default: DEFAULT_PROJECT_ID },
      articles: { type: "string" },
      author: { type: "string" },
      status: { type: "string" },
      gold: { type: "boolean", default: false },
      from: { type: "string" },
      to: { type: "string" },
      user: { type: "string" },
      "base-url": { type: "string" },
      out: { type: "string" },
    },
    strict: true,
  });
  // Standard output carries the export and nothing else: whatever the app logs while it opens, migrates
  // or seeds the database goes to standard error, where the banner-free redirect cannot catch it.
  console.log = console.error;
  console.info = console.error;
  if (values.out) {
    // Before the database is opened (seconds on the embedded one): a file that cannot be written fails at once.
    try {
      fs.accessSync(path.dirname(path.resolve(values.out)), fs.constants.W_OK);
    } catch (error) {
      console.error(`export: cannot write ${values.out}: ${(error as Error).message}`);
      return 1;
    }
  }
  return runAsCliUser("export", values.user, async (db, actor) => {
    const request = parseWith(exportRequestSchema, {
      format: values.format,
      projectId: values.project,
      articleIds: values.articles,
      authorId: values.author,
      statuses: values.status,
      goldOnly: values.gold,
      from: values.from,
      to: values.to,
    });
    const prepared = await prepareExport(db, actor, request, {
      baseUrl: values["base-url"] ?? getEnv().baseUrl ?? "http://localhost:3000",
    });
    try {
      const written = values.out ? await writeFileAtomically(values.out, prepared.chunks) : await writeStdout(prepared.chunks);
      console.error(`export: ${prepared.claimCount} claims as ${prepared.format}${values.out ? ` to ${values.out}` : ""} (${written} chunks)`);
      return 0;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException)?.code;
      if (code === "EPIPE") return 0; // the reader stopped early (`| head`): not an error of the export
      if (code && (error as NodeJS.ErrnoException).syscall) {
        console.error(`export: cannot write ${values.out ?? "to standard output"}: ${(error as Error).message}`);
        return 1;
      }
      throw error;
    }
  });
}

/** Chunks written to `stream`, waiting on back-pressure; a write error (disk full, EPIPE) rejects. */
async function writeChunks(stream: NodeJS.WritableStream, chunks: AsyncIterable<string>): Promise<number> {
  let failure: Error | null = null;
  const failed = new Promise<never>((_, reject) =>
    stream.once("error", (error: Error) => {
      failure = error;
      reject(error);
    }),
  );
  failed.catch(() => {});
  let written = 0;
  for await (const chunk of chunks) {
    if (failure) throw failure;
    if (!stream.write(chunk)) await Promise.race([new Promise<void>((resolve) => stream.once("drain", () => resolve())), failed]);
    written++;
  }
  if (failure) throw failure;
  return written;
}

/** The export to standard output, flushed before the process may exit. */
async function writeStdout(chunks: AsyncIterable<string>): Promise<number> {
  const written = await writeChunks(process.stdout, chunks);
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  return written;
}

/** The export to `file`, complete or not at all: written to a temporary file beside it, renamed when done. */
async function writeFileAtomically(file: string, chunks: AsyncIterable<string>): Promise<number> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  const stream = fs.createWriteStream(partial, { flags: "wx" });
  try {
    const written = await writeChunks(stream, chunks);
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.end(() => resolve());
    });
    fs.renameSync(partial, file);
    return written;
  } catch (error) {
    stream.destroy();
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("export failed:", error);
    process.exit(1);
  },
);
