// @vitest-environment happy-dom
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { createOffsetIndex, sliceCodePoints } from "@/lib/offsets";
import { ArticleText } from "./article-text";
import type { Range16 } from "./highlight-pieces";
import { selectedSpan, textOffsetOf } from "./selection-offsets";

/**
 * Selections in the article as the page renders it (ArticleText's pieces,
 * cut by sentences and overlapping claims), mapped back to code points of
 * the article text.
 */

const TEXT = "🇩🇪 Exporte fielen um 3 Prozent. Die Industrie 👍🏽 ist besorgt.";

/** UTF-16 range of a quote, the way the page paints it. */
function at(quote: string, id = quote): Range16 {
  const start = TEXT.indexOf(quote);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return { id, start, end: start + quote.length };
}

function renderText(claims: Range16[] = []) {
  const sentences = [at("🇩🇪 Exporte fielen um 3 Prozent.", "0"), at("Die Industrie 👍🏽 ist besorgt.", "1")];
  const { container } = render(
    <div data-testid="root">
      <ArticleText
        text={TEXT}
        titleEnd={0}
        sentences={sentences}
        claims={claims}
        colorOf={() => "#f5b400"}
        selectedClaimId={null}
        focusedSentence={null}
      />
    </div>,
  );
  const root = container.querySelector<HTMLElement>("[data-testid=root]")!;
  expect(root.textContent).toBe(TEXT);
  return root;
}

/** The text node and the offset in it of a UTF-16 offset of the whole text. */
function point(root: HTMLElement, offset16: number): [Node, number] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (offset16 <= seen + length) return [node, offset16 - seen];
    seen += length;
  }
  throw new Error(`offset ${offset16} is past the text`);
}

function select(root: HTMLElement, start16: number, end16: number): Range {
  const range = document.createRange();
  range.setStart(...point(root, start16));
  range.setEnd(...point(root, end16));
  return range;
}

const offsets = createOffsetIndex(TEXT);

afterEach(cleanup);

describe("textOffsetOf", () => {
  it("counts the text before a point across the rendered pieces, in UTF-16 units", () => {
    const root = renderText([at("Exporte fielen"), at("fielen um 3")]);
    expect(root.querySelectorAll("span").length).toBeGreaterThan(4);
    for (const quote of ["Exporte", "fielen", "um 3", "Industrie", "ist"]) {
      const offset16 = TEXT.indexOf(quote);
      expect(textOffsetOf(root, ...point(root, offset16))).toBe(offset16);
    }
  });

  it("reads element points (a child index) as DOM ranges do", () => {
    const root = renderText();
    const pieces = root.querySelectorAll("span");
    expect(textOffsetOf(root, root, 0)).toBe(0);
    expect(textOffsetOf(root, root, root.childNodes.length)).toBe(TEXT.length);
    expect(textOffsetOf(root, pieces[1]!, 0)).toBe(TEXT.indexOf(" Die"));
  });

  it("is null for a point outside the text", () => {
    const root = renderText();
    const outside = document.createElement("p");
    outside.textContent = "sidebar";
    document.body.append(outside);
    expect(textOffsetOf(root, outside.firstChild!, 3)).toBeNull();
    outside.remove();
  });
});

describe("selectedSpan", () => {
  it("maps a selection to code points: the flag before it counts 2, not 4", () => {
    const root = renderText();
    const span = selectedSpan(root, select(root, TEXT.indexOf("Exporte"), TEXT.indexOf(" um")), offsets);
    expect(span).toEqual({ start: 3, end: 17, start16: 5, end16: 19 });
    expect(sliceCodePoints(TEXT, span!.start, span!.end)).toBe("Exporte fielen");
  });

  it("moves edges inside words out to the words' edges, across pieces cut by overlapping claims", () => {
    const root = renderText([at("Exporte fielen"), at("fielen um 3 Prozent")]);
    // "porte fie" — from inside one word, across two highlight pieces, into another.
    const span = selectedSpan(root, select(root, TEXT.indexOf("porte"), TEXT.indexOf("len um")), offsets);
    expect(sliceCodePoints(TEXT, span!.start, span!.end)).toBe("Exporte fielen");
  });

  it("keeps a flag and a skin-toned emoji whole when the selection cuts into them", () => {
    const root = renderText();
    // From between the flag's two regional indicators…
    const flag = selectedSpan(root, select(root, 2, TEXT.indexOf(" fielen")), offsets);
    expect(flag).toMatchObject({ start: 0, start16: 0 });
    expect(sliceCodePoints(TEXT, flag!.start, flag!.end)).toBe("🇩🇪 Exporte");
    // …and to inside the thumb's surrogate pair (a point a text node can hold, though no caret stops there).
    const thumb = TEXT.indexOf("👍🏽");
    const upToThumb = selectedSpan(root, select(root, TEXT.indexOf("Industrie"), thumb + 1), offsets);
    expect(sliceCodePoints(TEXT, upToThumb!.start, upToThumb!.end)).toBe("Industrie 👍🏽");
    expect(upToThumb!.end - upToThumb!.start).toBe("Industrie ".length + 2);
    expect(upToThumb!.end16 - upToThumb!.start16).toBe("Industrie ".length + 4);
  });

  it("drops blanks at the edges; a selection of only blanks or punctuation is nothing to claim", () => {
    const root = renderText();
    const padded = selectedSpan(root, select(root, TEXT.indexOf(" Die"), TEXT.indexOf(" 👍") + 1), offsets);
    expect(sliceCodePoints(TEXT, padded!.start, padded!.end)).toBe("Die Industrie");
    expect(selectedSpan(root, select(root, TEXT.indexOf(". Die") + 1, TEXT.indexOf("Die")), offsets)).toBeNull();
    expect(selectedSpan(root, select(root, TEXT.indexOf("."), TEXT.indexOf(".") + 1), offsets)).toBeNull();
  });

  it("is null for a collapsed selection or one that leaves the text", () => {
    const root = renderText();
    const offset16 = TEXT.indexOf("Prozent");
    expect(selectedSpan(root, select(root, offset16, offset16), offsets)).toBeNull();
    const outside = document.createElement("p");
    outside.textContent = "sidebar";
    document.body.append(outside);
    const range = document.createRange();
    range.setStart(...point(root, offset16));
    range.setEnd(outside.firstChild!, 3);
    expect(selectedSpan(root, range, offsets)).toBeNull();
    outside.remove();
  });

  it("takes boundary points in either order", () => {
    const root = renderText();
    const [endNode, endOffset] = point(root, TEXT.indexOf(" ist"));
    const [startNode, startOffset] = point(root, TEXT.indexOf("Industrie"));
    const backwards = { startContainer: endNode, startOffset: endOffset, endContainer: startNode, endOffset: startOffset };
    const span = selectedSpan(root, backwards, offsets);
    expect(sliceCodePoints(TEXT, span!.start, span!.end)).toBe("Industrie 👍🏽");
  });
});
