import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildGoldPassage, GOLD_PASSAGES } from "./fixtures/segmentation-gold";
import { type SentenceSpan, segmentSentences } from "./segmentation";

const SEED_PATH = path.join(__dirname, "..", "seeds", "000_d6dc8bcdcbde1abf.txt");

function sentences(text: string, language?: string): string[] {
  return segmentSentences(text, language).map((span) => text.slice(span.start, span.end));
}

/** The structural guarantees every result must satisfy, whatever the text. */
function expectWellFormed(text: string, spans: SentenceSpan[]): void {
  let previousEnd = 0;
  spans.forEach((span, i) => {
    expect(span.index).toBe(i);
    expect(span.start).toBeGreaterThanOrEqual(previousEnd);
    expect(span.end).toBeGreaterThan(span.start);
    expect(span.end).toBeLessThanOrEqual(text.length);
    const slice = text.slice(span.start, span.end);
    expect(slice).toBe(slice.trim());
    expect(slice).not.toMatch(/[\n\r]/);
    previousEnd = span.end;
  });
}

describe("segmentSentences: gold set", () => {
  it("keeps the hand-written gold set consistent", () => {
    for (const passage of GOLD_PASSAGES) {
      for (const paragraph of passage.paragraphs) {
        for (const sentence of paragraph) {
          // A gold sentence must be trimmed and single-line, or the derived boundaries would be wrong.
          expect(sentence, passage.id).toBe(sentence.trim());
          expect(sentence.length, passage.id).toBeGreaterThan(0);
          expect(sentence, passage.id).not.toContain("\n");
        }
      }
    }
    expect(new Set(GOLD_PASSAGES.map((p) => p.id)).size).toBe(GOLD_PASSAGES.length);
  });

  it("reaches precision and recall of at least 0.99 on the gold boundaries", () => {
    const counts = { de: { tp: 0, fp: 0, fn: 0 }, en: { tp: 0, fp: 0, fn: 0 } };
    const errors: string[] = [];
    for (const passage of GOLD_PASSAGES) {
      const { text, sentences: gold } = buildGoldPassage(passage);
      const predicted = segmentSentences(text, passage.language);
      expectWellFormed(text, predicted);
      // A boundary is identified by the start of the sentence after it; the first start is not a boundary.
      const goldStarts = new Set(gold.slice(1).map((s) => s.start));
      const predictedStarts = new Set(predicted.slice(1).map((s) => s.start));
      const c = counts[passage.language];
      const context = (offset: number) => JSON.stringify(text.slice(Math.max(0, offset - 25), offset + 15));
      for (const start of predictedStarts) {
        if (goldStarts.has(start)) c.tp++;
        else {
          c.fp++;
          errors.push(`false split ${passage.id}: ${context(start)}`);
        }
      }
      for (const start of goldStarts) {
        if (!predictedStarts.has(start)) {
          c.fn++;
          errors.push(`missed boundary ${passage.id}: ${context(start)}`);
        }
      }
      // Where both agree on a sentence start they must also agree on its trimmed end.
      for (const span of predicted) {
        const match = gold.find((g) => g.start === span.start);
        if (match && predicted.length === gold.length) expect(span.end, passage.id).toBe(match.end);
      }
    }
    const format = (c: { tp: number; fp: number; fn: number }) => {
      const precision = c.tp / (c.tp + c.fp);
      const recall = c.tp / (c.tp + c.fn);
      return { boundaries: c.tp + c.fn, precision, recall };
    };
    const total = format({
      tp: counts.de.tp + counts.en.tp,
      fp: counts.de.fp + counts.en.fp,
      fn: counts.de.fn + counts.en.fn,
    });
    const de = format(counts.de);
    const en = format(counts.en);
    const line = (label: string, m: ReturnType<typeof format>) =>
      `${label}: ${m.boundaries} boundaries, precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)}`;
    console.log([line("segmentation gold", total), line("  de", de), line("  en", en), ...errors.map((e) => `  ${e}`)].join("\n"));

    expect(total.boundaries).toBeGreaterThanOrEqual(290);
    // Roughly half German, half English.
    expect(de.boundaries).toBeGreaterThanOrEqual(total.boundaries * 0.4);
    expect(en.boundaries).toBeGreaterThanOrEqual(total.boundaries * 0.4);
    expect(total.precision).toBeGreaterThanOrEqual(0.99);
    expect(total.recall).toBeGreaterThanOrEqual(0.99);
  });
});

describe("segmentSentences: focused cases", () => {
  it("does not split German ordinals before months and ordinal nouns", () => {
    expect(sentences("Am 19. November trat er zurück.", "de")).toEqual(["Am 19. November trat er zurück."]);
    expect(sentences("Im 3. Quartal stieg der Umsatz. Der 2. Weltkrieg endete 1945.", "de")).toEqual([
      "Im 3. Quartal stieg der Umsatz.",
      "Der 2. Weltkrieg endete 1945.",
    ]);
    expect(sentences("Das war sein 100. Tor in der Bundesliga.", "de")).toHaveLength(1);
  });

  it("splits after a four-digit year or a number that ends a sentence", () => {
    expect(sentences("Er wurde 1990 geboren. Danach zog er nach Berlin.", "de")).toEqual(["Er wurde 1990 geboren.", "Danach zog er nach Berlin."]);
    expect(sentences("Die Mauer fiel 1989. Wenig später kam die Einheit.", "de")).toHaveLength(2);
    expect(sentences("Die Zahl der Toten stieg auf 3. Rettungskräfte suchen weiter.", "de")).toHaveLength(2);
  });

  it("does not split after titles and abbreviations", () => {
    expect(sentences("Dr. Müller widersprach.", "de")).toEqual(["Dr. Müller widersprach."]);
    expect(sentences("Das gilt z. B. für Berlin, d. h. für alle Bezirke, u. a. Mitte.", "de")).toHaveLength(1);
    expect(sentences("Das gilt z.B. für Prof. Schmidt bzw. Nr. 5 usw. und so fort.", "de")).toHaveLength(1);
    expect(sentences("Mr. Smith met Sen. Warren and Gov. Newsom in the U.S. Capitol.", "en")).toHaveLength(1);
    expect(sentences("Critics cite cost, risk, etc. as reasons.", "en")).toHaveLength(1);
  });

  it("keeps initials with the name", () => {
    expect(sentences("J. R. R. Tolkien schrieb. Donald J. Trump las.", "de")).toEqual(["J. R. R. Tolkien schrieb.", "Donald J. Trump las."]);
  });

  it("leaves numbers, dates, URLs and versions whole", () => {
    const text = "Am 19.11.2024 stieg der Kurs um 2,4 % auf 1.200 Punkte (3.5% p.a., 1.000.000 Stück, reuters.com, v2.1).";
    expect(sentences(text, "de")).toEqual([text]);
  });

  it("ends a sentence after the closing quote, of any quotation style", () => {
    expect(sentences("„Das ist falsch.“ Er sagte nichts mehr.", "de")).toEqual(["„Das ist falsch.“", "Er sagte nichts mehr."]);
    expect(sentences('»Nein.« Sie ging. «Doch.» Er blieb. “Fine.” He left. "Yes." She stayed.')).toHaveLength(8);
  });

  it("does not split after a quoted question or exclamation that the sentence continues", () => {
    expect(sentences("„Wann?“, fragte er. „Jetzt!“ rief sie.", "de")).toEqual(["„Wann?“, fragte er.", "„Jetzt!“ rief sie."]);
    expect(sentences('"Why now?" Smith asked. Nobody knew.', "en")).toEqual(['"Why now?" Smith asked.', "Nobody knew."]);
  });

  it("treats ellipses by what follows", () => {
    expect(sentences("Er zögerte … und ging dann.", "de")).toHaveLength(1);
    expect(sentences("He waited... then left.", "en")).toHaveLength(1);
    expect(sentences("Er wartete … Niemand kam.", "de")).toHaveLength(2);
    expect(sentences('"The plan [...] failed," it said.', "en")).toHaveLength(1);
  });

  it("ends a sentence at every line break, including a headline without full stop", () => {
    expect(sentences("Titel ohne Punkt\n\nErster Satz. Zweiter Satz.\n\nDritter Satz", "de")).toEqual([
      "Titel ohne Punkt",
      "Erster Satz.",
      "Zweiter Satz.",
      "Dritter Satz",
    ]);
    expect(sentences("Liste:\n1. Erster Punkt\n2. Zweiter Punkt", "de")).toEqual(["Liste:", "1. Erster Punkt", "2. Zweiter Punkt"]);
    // Robust to stray CRLF even though callers normalise line endings.
    expect(sentences("Eins.\r\nZwei.", "de")).toEqual(["Eins.", "Zwei."]);
  });

  it("returns no spans for empty or blank text", () => {
    expect(segmentSentences("")).toEqual([]);
    expect(segmentSentences("  \n\n \t\n")).toEqual([]);
  });

  it("uses UTF-16 offsets and handles emoji and other astral characters", () => {
    const text = "Wir haben gewonnen! 🎉 Jetzt wird gefeiert. 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ist toll. Ünïcödé ✓.";
    const spans = segmentSentences(text, "de");
    expectWellFormed(text, spans);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      "Wir haben gewonnen! 🎉",
      "Jetzt wird gefeiert.",
      "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ist toll.",
      "Ünïcödé ✓.",
    ]);
    expect(spans[1]?.start).toBe(text.indexOf("Jetzt"));
  });

  it("accepts region-qualified and missing language tags", () => {
    const text = "Dr. Müller kam am 3. Oktober. Er blieb.";
    expect(sentences(text, "de-DE")).toEqual(sentences(text, "de"));
    expect(sentences(text)).toEqual(sentences(text, "de"));
    expect(sentences("He was ranked No. 3. The coach was pleased.", "en-US")).toHaveLength(2);
  });

  it("keeps academic degree sequences with the name, yet ends a sentence on a degree before an opener", () => {
    for (const title of [
      "Dr. med.",
      "Prof. Dr. rer. nat.",
      "Dr. phil.",
      "Dr. jur.",
      "Dr. h. c.",
      "Dr. h.c. mult.",
      "Dr. med. dent.",
      "Dr. rer. pol.",
    ]) {
      expect(sentences(`Die Studie leitete ${title} Anna Weber aus Freiburg.`, "de"), title).toHaveLength(1);
    }
    expect(sentences("Seit 2019 ist sie Dr. med. Ihre Arbeit galt dem Herzen.", "de")).toEqual([
      "Seit 2019 ist sie Dr. med.",
      "Ihre Arbeit galt dem Herzen.",
    ]);
    expect(sentences("Er wurde Dr. h. c. Die Universität ehrte ihn.", "de")).toHaveLength(2);
    // Only the lowercase spelling is a degree: a capitalised "Med." is an ordinary word end.
    expect(sentences("Er studierte Human-Med. Anna studierte Jura.", "de")).toHaveLength(2);
  });

  it("treats hyphenated abbreviations as titles", () => {
    for (const title of ["Dipl.-Ing.", "Dipl.-Psych.", "Dipl.-Kfm.", "Priv.-Doz.", "Univ.-Prof.", "Dr.-Ing."]) {
      expect(sentences(`Das Gutachten schrieb ${title} Eva Schulz.`, "de"), title).toHaveLength(1);
    }
    expect(sentences("Sie ist seit 2012 Dipl.-Ing. Danach promovierte sie.", "de")).toHaveLength(2);
    expect(sentences("Dipl.-Ing. Eva Schulz reviewed the data.", "en")).toHaveLength(1);
  });

  it("ends a sentence after a full-width CJK terminator without a following space", () => {
    expect(sentences("東京は安全です。心配しないでください！本当ですか？はい｡", "de")).toEqual([
      "東京は安全です。",
      "心配しないでください！",
      "本当ですか？",
      "はい｡",
    ]);
    // The closing bracket stays with its sentence; a quotative particle or a comma continues the sentence.
    expect(sentences("「行こう。」次に進んだ。", "de")).toEqual(["「行こう。」", "次に進んだ。"]);
    expect(sentences("彼は「はい。」と言った。", "de")).toEqual(["彼は「はい。」と言った。"]);
    expect(sentences("这是真的吗？“好！”，他说。", "en")).toEqual(["这是真的吗？", "“好！”，他说。"]);
    // In mixed-script text a lowercase word after a space goes on, as after a Latin full stop.
    expect(sentences("The slogan was 「前へ。」 and it stuck. 東京。", "en")).toEqual(["The slogan was 「前へ。」 and it stuck.", "東京。"]);
    // A Latin full stop still needs a space: domains and numbers between CJK text stay whole.
    expect(sentences("公式サイトはexample.jpです。", "de")).toHaveLength(1);
  });

  it("splits after a full stop followed by a bidi mark and keeps the mark with the sentence before", () => {
    const marks = ["\u200E", "\u200F", "\u061C", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];
    for (const mark of marks) {
      const label = `U+${mark.charCodeAt(0).toString(16).toUpperCase()}`;
      expect(sentences(`Eins.${mark} Zwei.`, "de"), label).toEqual([`Eins.${mark}`, "Zwei."]);
    }
    expect(sentences("Sie heißt \u2067דנה.\u2069 Sie lebt in Haifa.", "de")).toEqual(["Sie heißt \u2067דנה.\u2069", "Sie lebt in Haifa."]);
    expect(sentences("„Ja.“\u200F Dann ging er.", "de")).toEqual(["„Ja.“\u200F", "Dann ging er."]);
    // A mark that opens the next sentence belongs to it, and is no reason to keep the sentences together.
    expect(sentences("Eins. \u200FZwei.", "de")).toEqual(["Eins.", "\u200FZwei."]);
    // The abbreviation rules still apply across a mark.
    expect(sentences("Dr.\u200F Müller kam am 3.\u200E Oktober.", "de")).toHaveLength(1);
  });

  it("reads a number after a bullet or a line-initial dash as a list number", () => {
    for (const bullet of ["• ", "•", "- ", "* ", "– ", "  • "]) {
      expect(sentences(`${bullet}3. Seien Sie vorsichtig.`, "de"), JSON.stringify(bullet)).toEqual([`${bullet}3. Seien Sie vorsichtig.`.trim()]);
    }
    expect(sentences("• 3. Be careful. Stay home.", "en")).toEqual(["• 3. Be careful.", "Stay home."]);
    // A bullet inside a line starts a new sentence after a full stop, and its number is a list number too.
    expect(sentences("Es gibt zwei Regeln: • 1. Abstand halten. • 2. Maske tragen.", "de")).toEqual([
      "Es gibt zwei Regeln: • 1. Abstand halten.",
      "• 2. Maske tragen.",
    ]);
    // A dash inside a line is no bullet: the number ends the sentence.
    expect(sentences("Die Zahl der Toten stieg – so die Polizei – auf 3. Rettungskräfte suchen weiter.", "de")).toHaveLength(2);
  });

  it("splits after a capital letter that names a variant", () => {
    expect(sentences("The company has no Plan B. Executives are betting on the chip.", "en")).toHaveLength(2);
    expect(sentences("Es fehlt an Vitamin D. Ärzte raten zu Tabletten.", "de")).toHaveLength(2);
    expect(sentences("Donald J. Trump spoke.", "en")).toHaveLength(1);
  });

  it("always returns trimmed, ordered, non-overlapping spans within bounds", () => {
    const alphabet = fc.constantFrom(
      ..."aZ ü.!?…„“”\"'«»()[]\n19,:-–🎉。？！｡「」•\u200F\u2069".split(""),
      "Dr.",
      "z. B.",
      "19.",
      " Die ",
      " the ",
      "\n\n",
      "U.S.",
      "...",
      "Dipl.-Ing.",
      "Dr. med.",
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.constantFrom("de", "en", undefined), (parts, lang) => {
        const text = parts.join("");
        expectWellFormed(text, segmentSentences(text, lang));
      }),
      { numRuns: 500 },
    );
  });
});

describe("segmentSentences: seed article", () => {
  const text = readFileSync(SEED_PATH, "utf8");
  const spans = segmentSentences(text, "de");
  const list = spans.map((s) => text.slice(s.start, s.end));

  it("segments the German seed article", () => {
    expectWellFormed(text, spans);
    expect(list[0]).toBe("Putin offen für Gespräche mit Trump, doch territoriale Konzessionen ausgeschlossen");
    // Counted by hand: title, 15 body sentences, trailing "Schreibe einen Kommentar".
    expect(spans).toHaveLength(17);
    for (const sentence of list) expect(sentence).not.toMatch(/^\p{Ll}/u);
    expect(list).toContain("“Die Genehmigung für den Raketenangriff stellt eine sehr gefährliche Eskalation durch die Vereinigten Staaten dar.”");
    expect(list).toContain("Trumps Kommunikationsdirektor Steven Cheung erklärte gegenüber Reuters:");
    expect(list.at(-1)).toBe("Schreibe einen Kommentar");
  });

  it("segments 100 KB of text consistently with its parts", () => {
    // Speed is measured by `npm run bench`; here: a long text yields exactly the sentences of its paragraphs.
    const parts: string[] = [text];
    for (const passage of GOLD_PASSAGES) parts.push(buildGoldPassage(passage).text);
    const unit = parts.join("\n\n");
    let big = unit;
    let copies = 1;
    while (big.length < 100_000) {
      big += `\n\n${unit}`;
      copies++;
    }
    expect(segmentSentences(big, "de").length).toBe(segmentSentences(unit, "de").length * copies);
  });
});
