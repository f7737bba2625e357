import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { CHECK_WORTHINESS, DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { LOCALES } from "./locales";
import { MESSAGES } from "./messages";

type Tree = { [key: string]: string | Tree };

/** Every message of a catalogue by its dotted key. */
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The ICU arguments a message uses ({name}, {count, plural, …}, <tag>…</tag>), sorted. */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (elements: ReturnType<IntlMessageFormat["getAst"]>) => {
    for (const element of elements) {
      if ("value" in element && typeof element.value === "string" && element.type !== 0) names.add(element.value);
      if ("options" in element) for (const option of Object.values(element.options)) walk(option.value);
      if ("children" in element) walk(element.children);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: false }).getAst());
  return [...names].sort();
}

const reference = flatten(MESSAGES.en as unknown as Tree);

describe("message catalogues", () => {
  it.each(LOCALES)("%s has exactly the English keys, none empty", (locale) => {
    const catalogue = flatten(MESSAGES[locale] as unknown as Tree);
    expect([...catalogue.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [key, message] of catalogue) expect(message.trim(), key).not.toBe("");
  });

  it.each(LOCALES)("%s: every message is valid ICU and uses the English message's arguments", (locale) => {
    const catalogue = flatten(MESSAGES[locale] as unknown as Tree);
    for (const [key, message] of catalogue) {
      expect(argumentsOf(message, locale), key).toEqual(argumentsOf(reference.get(key)!, "en"));
    }
  });
});

describe("the default taxonomy's words", () => {
  it.each(LOCALES)("%s has a message for every default claim type, verdict, stance and check-worthiness step", (locale) => {
    const catalogue = flatten(MESSAGES[locale] as unknown as Tree);
    for (const kind of ["claimTypes", "verdicts", "stances"] as const) {
      for (const entry of DEFAULT_TAXONOMY[kind]) expect(catalogue.has(`vocab.defaultTaxonomy.${kind}.${entry.key}`), entry.key).toBe(true);
    }
    for (const step of CHECK_WORTHINESS) expect(catalogue.has(`vocab.checkWorthiness.${step.value}`)).toBe(true);
  });

  it("English repeats the default taxonomy's own labels", () => {
    for (const kind of ["claimTypes", "verdicts", "stances"] as const) {
      for (const entry of DEFAULT_TAXONOMY[kind]) expect(reference.get(`vocab.defaultTaxonomy.${kind}.${entry.key}`)).toBe(entry.label);
    }
  });
});
