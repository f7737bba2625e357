/**
 * Bundled into the browser by e2e/export.spec.ts: an independent W3C selector
 * implementation (Apache Annotator) resolves exported selectors against the
 * rendered article, so our offsets are checked by code we did not write.
 */
import { createTextPositionSelectorMatcher, createTextQuoteSelectorMatcher } from "@apache-annotator/dom";

type Selector = { type: string; exact?: string; prefix?: string; suffix?: string; start?: number; end?: number };

async function resolve(root: Element, selectors: Selector[]): Promise<{ quote: string[]; position: string[] }> {
  const out = { quote: [] as string[], position: [] as string[] };
  for (const selector of selectors) {
    if (selector.type === "TextQuoteSelector") {
      const matcher = createTextQuoteSelectorMatcher({
        type: "TextQuoteSelector",
        exact: selector.exact ?? "",
        prefix: selector.prefix,
        suffix: selector.suffix,
      });
      for await (const range of matcher(root)) out.quote.push(range.toString());
    } else if (selector.type === "TextPositionSelector") {
      const matcher = createTextPositionSelectorMatcher({ type: "TextPositionSelector", start: selector.start ?? 0, end: selector.end ?? 0 });
      for await (const range of matcher(root)) out.position.push(range.toString());
    }
  }
  return out;
}

(window as unknown as { __resolveW3c: typeof resolve }).__resolveW3c = resolve;
