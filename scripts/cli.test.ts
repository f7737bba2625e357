import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The README's command lines, run as written against a fresh embedded
 * database (its own folder, seeded at first open): the files they produce
 * must be valid as they are — no npm banner, no log line, nothing truncated —
 * and an import of a small file must finish (readline once lost its lines).
 */

const REPO = path.resolve(__dirname, "..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-cli-"));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  CLAIMWORK_DATA_DIR: path.join(dataDir, "data"),
  BETTER_AUTH_SECRET: "cli-test-secret-0123456789abcdef0123456789",
};
delete env.DATABASE_URL;

function npm(args: string[]) {
  const result = spawnSync("npm", args, { cwd: REPO, env, encoding: "utf8", timeout: 120_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("command lines as the README writes them", () => {
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("npm run --silent export … > file: standard output is the export alone", () => {
    const run = npm(["run", "--silent", "export", "--", "--format", "w3c"]);
    expect(run.code, run.stderr).toBe(0);
    const collection = JSON.parse(run.stdout) as { type: string };
    expect(collection.type).toBe("AnnotationCollection");
    expect(run.stderr).toMatch(/^export: 0 claims as w3c/m);
  });

  it("npm run export … --out file: the file is valid JSON although npm prints its banner", () => {
    const file = path.join(dataDir, "reviews.jsonld");
    const run = npm(["run", "export", "--", "--format", "claimreview", "--out", file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("> claimwork@"); // the banner went to the terminal, not the file
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual([]);
    expect(fs.readdirSync(dataDir).filter((name) => name.includes(".partial"))).toEqual([]);
    const refused = npm(["run", "--silent", "export", "--", "--format", "jsonl", "--out", path.join(dataDir, "missing", "x.jsonl")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("export: cannot write");
  });

  it("a JSONL export restores with npm run import, and says what it found", () => {
    const file = path.join(dataDir, "claims.jsonl");
    const exported = npm(["run", "--silent", "export", "--", "--format", "jsonl", "--out", file]);
    expect(exported.code, exported.stderr).toBe(0);
    const restored = npm(["run", "--silent", "import", "--", "--jsonl", file]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toMatch(/import: articles 0 new, \d+ existing; claims 0 new, 0 existing/);
  });

  it("npm run import -- --articles DIR detects each file's encoding and says per file what it assumed or why it skipped it", () => {
    const dir = fs.mkdtempSync(path.join(dataDir, "articles-"));
    const strassenbahn = "Straßenbahn für München\n\nDie Gebühren steigen, sagte die Bürgermeisterin. „Wir müssen sparen“ – 5 €.";
    const notepad = "Notepad-Datei 😀\r\n\r\nGespeichert als Unicode.";
    fs.writeFileSync(path.join(dir, "a-strassenbahn.txt"), iconv.encode(`${strassenbahn}\n`, "windows-1252"));
    fs.writeFileSync(path.join(dir, "b-notepad.txt"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${notepad}\r\n`, "utf16le")]));
    fs.writeFileSync(path.join(dir, "c-empty.txt"), "");
    fs.writeFileSync(path.join(dir, "d-binary.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));

    // All or nothing by default: the first refused file names itself, and nothing is imported.
    const refused = npm(["run", "--silent", "import", "--", "--articles", dir]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain("import: c-empty.txt: the file is empty");

    const run = npm(["run", "--silent", "import", "--", "--articles", dir, "--skip-invalid"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^import: articles 2 new, 0 already there, 0 revised, in [\d.]+ s$/m);
    const perFile = run.stderr.split("\n").filter((line) => line.startsWith("  "));
    expect(perFile).toEqual([
      "  a-strassenbahn.txt: new, read as windows-1252",
      "  b-notepad.txt: new, read as UTF-16LE",
      "  skipped: c-empty.txt: the file is empty",
      "  skipped: d-binary.txt: the file looks binary (it contains NUL bytes), not like text",
    ]);

    // What was stored is the text the files hold: the export shows it, with no replacement character.
    const exported = npm(["run", "--silent", "export", "--", "--format", "jsonl"]);
    expect(exported.code, exported.stderr).toBe(0);
    const texts = exported.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; text?: string })
      .filter((record) => record.type === "article")
      .map((record) => record.text);
    expect(texts).toEqual(expect.arrayContaining([strassenbahn, notepad.replace(/\r\n/g, "\n")]));
    expect(exported.stdout).not.toContain("\uFFFD");

    // A corrected text of one of them, added as its new revision; the same text again is "no change".
    const articleId = exported.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; id?: string; text?: string })
      .find((record) => record.type === "article" && record.text === strassenbahn)?.id;
    const corrected = path.join(dataDir, "korrigiert.txt");
    fs.writeFileSync(corrected, `${strassenbahn.replace("5 €", "6 €")}\n`);
    const revised = npm(["run", "--silent", "import", "--", "--revision", corrected, "--article", articleId!]);
    expect(revised.code, revised.stderr).toBe(0);
    expect(revised.stderr).toMatch(
      new RegExp(`^import: revision 2 of article ${articleId} added, read as UTF-8; claims 0 kept, 0 relocated, 0 to confirm, 0 orphaned$`, "m"),
    );
    const again = npm(["run", "--silent", "import", "--", "--revision", corrected, "--article", articleId!]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("no change");
  });

  it("npm run import -- --interchange FORMAT FILE previews another tool's file, then imports it with --map", () => {
    const text = "Radwege 🚲 in München\n\nDie Stadt gab 4 Mio. € aus, sagte die Bürgermeisterin.";
    const start = [...text.slice(0, text.indexOf("4 Mio. €"))].length;
    const file = path.join(dataDir, "doccano.jsonl");
    fs.writeFileSync(file, `${JSON.stringify({ text, label: [[start, start + 8, "STAT"]] })}\n`);
    // Offsets after an emoji, and no span text to tell the unit by: the file's reader must say it.
    const unknown = npm(["run", "--silent", "import", "--", "--interchange", "doccano", file]);
    expect(unknown.stderr).toContain("choose the unit to import it");
    const preview = npm(["run", "--silent", "import", "--", "--interchange", "doccano", file, "--offset-unit", "code_points"]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stderr).toContain("nothing imported");
    expect(preview.stderr).toContain('  label "STAT": 1 spans');
    expect(preview.stderr).toContain("a new article");
    const imported = npm([
      "run",
      "--silent",
      "import",
      "--",
      "--interchange",
      "doccano",
      file,
      "--offset-unit",
      "code_points",
      "--map",
      "STAT=statistic",
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/^import: articles 1 new, 0 existing; claims 1 new, 0 existing$/m);
    const bad = npm(["run", "--silent", "import", "--", "--interchange", "doccano", file, "--map", "STAT"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--map: "STAT" is not LABEL=CHOICE');
  });
});
