// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClaimDto } from "@/lib/claim-schema";
import { claimColor } from "@/lib/client/claim-colors";
import { draftOf } from "@/lib/client/claim-fields";
import { emptyClaimFields } from "@/lib/fields";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { renderWithIntl } from "@/test-support/intl";
import { ClaimList } from "./claim-list";
import type { VisibleClaim } from "./use-claim-store";

const TEXT = "Title\n\nExports fell by 3 percent. The government expects growth. Critics disagree.";

function visibleClaim(id: string, exact: string, overrides: Partial<ClaimDto> = {}): VisibleClaim {
  const start = TEXT.indexOf(exact);
  const claim: ClaimDto = {
    id,
    articleId: "a",
    authorId: "me",
    authorName: "Anna",
    target: { start, end: start + exact.length, exact, prefix: "", suffix: "" },
    sentenceIndexes: [],
    ...emptyClaimFields(),
    status: "draft",
    version: 1,
    isGold: false,
    createdAt: "",
    updatedAt: "",
    deletedAt: null,
    ...overrides,
  };
  return { claim, draft: draftOf(claim) };
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

afterEach(cleanup);

function colours() {
  return Object.fromEntries(screen.getAllByTestId("claim-item").map((item) => [item.dataset.claimId, item.style.getPropertyValue("--c")]));
}

describe("ClaimList", () => {
  const later = [visibleClaim(id(2), "The government expects growth."), visibleClaim(id(3), "Critics disagree.")];

  it("gives each claim its own colour, which a claim added earlier in the text does not change", () => {
    const props = { selectedId: null, taxonomy: DEFAULT_TAXONOMY, currentUserId: "me", articleLanguage: "en", onChoose: () => {} };
    const { rerender } = renderWithIntl(<ClaimList claims={later} {...props} />);
    const before = colours();
    expect(before).toEqual({ [id(2)]: claimColor(id(2)), [id(3)]: claimColor(id(3)) });

    rerender(<ClaimList claims={[visibleClaim(id(1), "Exports fell by 3 percent."), ...later]} {...props} />);
    const after = colours();
    expect(screen.getAllByTestId("claim-item")[0]?.dataset.claimId).toBe(id(1));
    expect(after[id(2)]).toBe(before[id(2)]);
    expect(after[id(3)]).toBe(before[id(3)]);
  });

  it("chooses a claim by click or Enter, marks the open one, and filters by type and author", () => {
    const onChoose = vi.fn();
    const claims = [
      visibleClaim(id(1), "Exports fell by 3 percent.", { claimType: "statistic" }),
      visibleClaim(id(2), "Critics disagree.", { authorId: "ben" }),
    ];
    renderWithIntl(
      <ClaimList claims={claims} selectedId={id(2)} taxonomy={DEFAULT_TAXONOMY} currentUserId="me" articleLanguage="en" onChoose={onChoose} />,
    );
    const list = screen.getByRole("list", { name: "Claims in text order" });
    const items = within(list).getAllByTestId("claim-item");
    expect(items.map((item) => item.getAttribute("aria-current"))).toEqual(["false", "true"]);
    fireEvent.click(items[0]!);
    fireEvent.keyDown(items[1]!, { key: "Enter" });
    expect(onChoose.mock.calls).toEqual([[id(1)], [id(2)]]);

    fireEvent.change(screen.getByRole("combobox", { name: "Filter by claim type" }), { target: { value: "statistic" } });
    expect(
      within(list)
        .getAllByTestId("claim-item")
        .map((item) => item.dataset.claimId),
    ).toEqual([id(1)]);
    fireEvent.change(screen.getByRole("combobox", { name: "Filter by claim type" }), { target: { value: "" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Mine" }));
    expect(
      within(list)
        .getAllByTestId("claim-item")
        .map((item) => item.dataset.claimId),
    ).toEqual([id(1)]);
  });

  it("says there are none yet, in German too", () => {
    renderWithIntl(
      <ClaimList claims={[]} selectedId={null} taxonomy={DEFAULT_TAXONOMY} currentUserId="me" articleLanguage="de" onChoose={() => {}} />,
      {
        locale: "de",
      },
    );
    expect(screen.getByText("Noch keine Behauptungen. Markieren Sie eine Textstelle oder erfassen Sie einen Satz über die Tastatur.")).toBeTruthy();
  });
});
