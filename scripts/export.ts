/**
 * Command-line export, sharing the web app's implementation and authorization:
 *
 *   npm run export -- --format w3c --project <project id> > out.jsonld
 *
 * Options: --format jsonl|csv|w3c|claimreview|tsv (required), --project ID (default: the
 * default project), --articles ID,ID, --author USER_ID, --status accepted,submitted,
 * --gold, --from YYYY-MM-DD, --to YYYY-MM-DD, --user EMAIL (act as; default: first admin),
 * --base-url URL (for IRIs; default CLAIMWORK_BASE_URL or http://localhost:3000),
 * --out FILE (default: standard output).
 * Uses DATABASE_URL, or the embedded database (stop the app first: one process per folder).
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { exportRequestSchema, prepareExport } from "@/server/export";
import { parseWith } from "@/server/http";
import { resolveCliActor } from "@/server/cli-actor";
import { DEFAULT_PROJECT_ID } from "@/server/projects";
import { describeStartupError } from "@/server/startup";

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
  let handle;
  try {
    handle = await getDatabase();
  } catch (error) {
    console.error(`export: cannot open the database: ${describeStartupError(error)}`);
    return 1;
  }
  try {
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
    const actor = await resolveCliActor(handle.db, values.user);
    const prepared = await prepareExport(handle.db, actor, request, {
      baseUrl: values["base-url"] ?? getEnv().baseUrl ?? "http://localhost:3000",
    });
    const out: NodeJS.WritableStream = values.out ? fs.createWriteStream(values.out) : process.stdout;
    let written = 0;
    for await (const chunk of prepared.chunks) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      written++;
    }
    if (values.out) await new Promise<void>((resolve) => out.end(() => resolve()));
    console.error(`export: ${prepared.claimCount} claims as ${prepared.format}${values.out ? ` to ${values.out}` : ""} (${written} chunks)`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`export: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("export failed:", error);
    process.exit(1);
  },
);
