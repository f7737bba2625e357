import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ArticleFileError, normalizeArticleText, parseArticleFile } from "./article-text";
import { contentHash } from "./content-hash";

fc.configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS ?? 100) });

const SEED = readFileSync(path.join(__dirname, "..", "seeds", "000_d6dc8bcdcbde1abf.txt"), "utf8");

function fileError(run: () => unknown): ArticleFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof ArticleFileError) return error;
    throw error;
  }
  throw new Error("expected an ArticleFileError");
}

describe("normalizeArticleText", () => {
  it("turns CRLF and CR into LF and drops a leading BOM", () => {
    expect(normalizeArticleText("\uFEFFa\r\nb\rc\n\r\nd")).toBe("a\nb\nc\n\nd");
    expect(normalizeArticleText("\r\r\n")).toBe("\n\n");
    expect(normalizeArticleText("\uFEFF\uFEFFx\uFEFF")).toBe("x\uFEFF");
  });

  it("leaves everything else exactly as given", () => {
    const s = "  Caf\u0065\u0301 \u00e9\t\u00a0 \uFEFF mitten 😀 🇩🇪  \n\n";
    expect(normalizeArticleText(s)).toBe(s);
  });

  it("property: is idempotent and only removes CRs and leading BOMs", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: fc.constantFrom("\r", "\n", "\uFEFF", "a") })), (s) => {
        const once = normalizeArticleText(s);
        expect(normalizeArticleText(once)).toBe(once);
        expect(once).not.toContain("\r");
        expect(once.replace(/\n/g, "")).toBe(s.replace(/^\uFEFF+/, "").replace(/[\r\n]/g, ""));
      }),
    );
  });
});

describe("parseArticleFile", () => {
  it("parses the seed article", () => {
    const article = parseArticleFile(SEED, "000_d6dc8bcdcbde1abf.txt");
    expect(article.title).toBe("Putin offen für Gespräche mit Trump, doch territoriale Konzessionen ausgeschlossen");
    expect(article.language).toBe("de");
    expect(article.text).toBe(SEED);
    expect(article.text.startsWith(`${article.title}\n`)).toBe(true);
    expect(article.text).toContain("„Realitäten vor Ort“");
    expect(article.sourceUrl).toBeNull();
    expect(article.publisher).toBeNull();
    expect(article.publishedAt).toBeNull();
  });

  it("normalises CRLF files to the same text as LF files", () => {
    const lf = parseArticleFile("Titel hier\n\nDer Text ist nicht lang.\nUnd das ist gut.");
    const crlf = parseArticleFile("\uFEFFTitel hier\r\n\r\nDer Text ist nicht lang.\r\nUnd das ist gut.\r\n");
    expect(crlf.text).toBe(lf.text);
    expect(crlf.title).toBe("Titel hier");
  });

  it("keeps emoji, flags, combining accents and non-BMP letters untouched", () => {
    const body = "Caf\u0065\u0301 😀 👍🏽 🇩🇪 👨‍👩‍👧 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎\n\nThe text is about the emoji and the flag.";
    const article = parseArticleFile(body);
    expect(article.text).toBe(body);
    expect(article.title).toBe("Caf\u0065\u0301 😀 👍🏽 🇩🇪 👨‍👩‍👧 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎");
    expect(article.language).toBe("en");
  });

  it("reads YAML front matter", () => {
    const raw = [
      "---",
      "source_url: https://example.org/artikel?id=1",
      "publisher: Beispiel-Zeitung",
      "lang: DE",
      "published: 2024-12-20",
      "title: Anderer Titel",
      "author: Jemand",
      "---",
      "",
      "  Erster Titel  ",
      "Text.",
      "",
    ].join("\n");
    const article = parseArticleFile(raw);
    expect(article).toMatchObject({
      title: "Anderer Titel",
      text: "  Erster Titel  \nText.",
      language: "de",
      sourceUrl: "https://example.org/artikel?id=1",
      publisher: "Beispiel-Zeitung",
      publishedAt: "2024-12-20",
    });
    expect(article.warnings.join(" ")).toMatch(/author/);
  });

  it("accepts the alias keys and full ISO date-times", () => {
    const raw = "---\nurl: http://example.com/a\nlanguage: en-GB\npublished_at: 2024-12-20T08:30:00+01:00\n---\nTitle\nBody";
    expect(parseArticleFile(raw)).toMatchObject({ sourceUrl: "http://example.com/a", language: "en-GB", publishedAt: "2024-12-20T08:30:00+01:00" });
    expect(parseArticleFile("---\ndate: '2024-02-29'\n---\nT\nB").publishedAt).toBe("2024-02-29");
  });

  it("ignores unknown keys, including ones named like Object.prototype members", () => {
    const article = parseArticleFile("---\nconstructor: x\n__proto__: y\ntoString: z\n---\nTitle\nBody");
    expect(article.title).toBe("Title");
    expect(article.warnings.filter((w) => w.includes("ignored"))).toHaveLength(3);
  });

  it("accepts empty front matter", () => {
    expect(parseArticleFile("---\n---\nTitle\nThe body.").text).toBe("Title\nThe body.");
  });

  it("guesses English, German or nothing", () => {
    expect(parseArticleFile("A title\nThe minister said that the plan is not ready and will be changed.").language).toBe("en");
    expect(parseArticleFile("Ein Titel\nDer Minister sagte, dass der Plan nicht fertig ist und geändert wird.").language).toBe("de");
    expect(parseArticleFile("Titre\nLe ministre a dit que le plan n'est pas prêt.").language).toBeNull();
  });

  it.each<[string, string, string, string | null]>([
    ["an empty file", "", "empty", null],
    ["a whitespace-only file", " \r\n\t\n", "empty", null],
    ["front matter without a body", "---\ntitle: X\n---\n\n  \n", "empty", null],
    ["NUL bytes", "Title\nText\u0000with NUL", "binary", null],
    ["mostly replacement characters", "Ti\uFFFD\uFFFDle\n\uFFFD\u0001\u0002\uFFFD text", "binary", null],
    ["unclosed front matter", "---\ntitle: X\nTitle\nBody", "front_matter", null],
    ["YAML syntax errors", "---\ntitle: [unclosed\n---\nTitle\nBody", "front_matter", null],
    ["a front matter list", "---\n- a\n- b\n---\nTitle\nBody", "front_matter", null],
    ["a javascript: URL", "---\nsource_url: javascript:alert(1)\n---\nTitle\nBody", "source_url", "source_url"],
    ["a relative URL", "---\nurl: /artikel/1\n---\nTitle\nBody", "source_url", "url"],
    ["an impossible date", "---\npublished: 2023-02-29\n---\nTitle\nBody", "front_matter", "published"],
    ["a non-ISO date", "---\ndate: 20.12.2024\n---\nTitle\nBody", "front_matter", "date"],
    ["a numeric publisher", "---\npublisher: 42\n---\nTitle\nBody", "front_matter", "publisher"],
    ["a bad language code", "---\nlanguage: Deutsch!\n---\nTitle\nBody", "front_matter", "language"],
    ["conflicting aliases", "---\nurl: https://a.example/\nsource_url: https://b.example/\n---\nTitle\nBody", "front_matter", "source_url"],
  ])("rejects %s", (_name, raw, code, field) => {
    const error = fileError(() => parseArticleFile(raw, "upload.txt"));
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.fileName).toBe("upload.txt");
    expect(error.message).not.toContain("upload.txt");
    if (field) expect(error.message).toContain(`"${field}"`);
  });

  it("is an Error subclass with a useful name", () => {
    const error = fileError(() => parseArticleFile(""));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ArticleFileError");
    expect(error.message).toBe("the file is empty");
  });
});

describe("contentHash", () => {
  it("is the SHA-256 hex of the UTF-8 text", () => {
    expect(contentHash("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(contentHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("distinguishes precomposed from combining accents (no normalisation)", () => {
    expect(contentHash("\u00e9")).not.toBe(contentHash("e\u0301"));
  });

  it("is the same for CRLF and LF versions of an article after parsing", () => {
    const a = parseArticleFile("T\r\nBody text.\r\n");
    const b = parseArticleFile("T\nBody text.");
    expect(contentHash(a.text)).toBe(contentHash(b.text));
  });
});
