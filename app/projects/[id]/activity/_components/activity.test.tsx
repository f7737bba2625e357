// @vitest-environment happy-dom
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import type { ActivityItem } from "@/server/team/history";
import { renderWithIntl } from "@/test-support/intl";
import { ActivityFilters } from "./activity-filters";
import { ActivityTable } from "./activity-table";

const PROJECT_ID = "00000000-0000-4000-8000-0000000000b1";
const ARTICLE = { id: "00000000-0000-4000-8000-0000000000a2", title: "Bike lanes report" };
const CLAIM_ID = "00000000-0000-4000-8000-0000000000c1";

afterEach(cleanup);

function item(overrides: Partial<ActivityItem>): ActivityItem {
  return {
    id: 1,
    action: "claim.updated",
    entityType: "claim",
    entityId: CLAIM_ID,
    actorId: "u1",
    actorName: "Ann",
    createdAt: new Date("2026-12-01T10:00:00Z"),
    claim: null,
    article: null,
    subjectName: null,
    email: null,
    changes: [],
    ...overrides,
  };
}

describe("ActivityTable", () => {
  it("names the claim by its quote (as text, linked to its page) and the article by its title, with what changed", () => {
    renderWithIntl(
      <ActivityTable
        taxonomy={DEFAULT_TAXONOMY}
        empty="none"
        items={[
          item({
            id: 3,
            claim: { id: CLAIM_ID, quote: "<img src=x> traffic fell", isDeleted: false },
            article: ARTICLE,
            changes: [{ kind: "value", field: "verdict", before: "unverified", after: "false" }],
          }),
          item({ id: 2, action: "claim.deleted", claim: { id: CLAIM_ID, quote: "gone", isDeleted: true }, article: ARTICLE }),
          item({
            id: 1,
            action: "member.role_changed",
            entityType: "member",
            entityId: "u2",
            actorName: null,
            subjectName: "Ben",
            changes: [{ kind: "role", before: "annotator", after: "reviewer" }],
          }),
        ]}
      />,
    );
    const table = screen.getByRole("table", { name: "Activity" });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual(["When", "Who", "What", "On"]);
    const [, edited, deleted, role] = within(table).getAllByRole("row");
    const quote = within(edited!).getByRole("link", { name: "“<img src=x> traffic fell”" });
    expect(quote.getAttribute("href")).toBe(`/claims/${CLAIM_ID}`);
    expect(edited!.querySelector("img")).toBeNull();
    expect(within(edited!).getByRole("link", { name: "Bike lanes report" }).getAttribute("href")).toBe(`/articles/${ARTICLE.id}`);
    expect(edited!.textContent).toContain("claim edited");
    expect(edited!.textContent).toContain("Verdict: Unverified → False");
    // A deleted claim has no page: its quote stays, unlinked.
    expect(within(deleted!).queryByRole("link", { name: /gone/ })).toBeNull();
    expect(deleted!.textContent).toContain("“gone” (deleted)");
    expect(role!.textContent).toContain("system");
    expect(role!.textContent).toContain("role changed: Ben");
    expect(role!.textContent).toContain("role: Annotator → Reviewer");
  });

  it("reads an action it has no words for as recorded, a bare group name too", () => {
    renderWithIntl(
      <ActivityTable
        taxonomy={DEFAULT_TAXONOMY}
        empty="none"
        items={[item({ id: 2, action: "claim" }), item({ id: 1, action: "claim.frobnicated", changes: [{ kind: "unknown", field: "" }] })]}
      />,
    );
    const [, group, unknown] = screen.getAllByRole("row");
    expect(within(group!).getAllByRole("cell")[2]?.textContent).toBe("claim");
    expect(unknown!.textContent).toContain("claim.frobnicated");
    expect(unknown!.textContent).toContain("changed (this version of Claimwork cannot show how)");
  });

  it("says so when there is nothing, in German too", () => {
    renderWithIntl(<ActivityTable taxonomy={DEFAULT_TAXONOMY} empty="Zu diesen Filtern gibt es nichts." items={[]} />, { locale: "de" });
    expect(screen.getByText("Zu diesen Filtern gibt es nichts.")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });
});

describe("ActivityFilters", () => {
  const options = { people: [{ id: "u1", name: "Ann" }], articles: [ARTICLE, { id: "00000000-0000-4000-8000-0000000000a3", title: "" }] };

  it("is a GET form to the feed whose every field has a label, showing the filters in force", () => {
    renderWithIntl(
      <ActivityFilters
        projectId={PROJECT_ID}
        groups={["claim", "member"]}
        options={options}
        query={{ person: "u1", article: ARTICLE.id, kind: "member.role_changed", from: "2026-11-01", to: "2026-11-30" }}
      />,
    );
    const form = screen.getByRole("form", { name: "Filter the activity" });
    expect(form.getAttribute("method")).toBe("get");
    expect(form.getAttribute("action")).toBe(`/projects/${PROJECT_ID}/activity`);
    expect((screen.getByLabelText("Person") as HTMLSelectElement).value).toBe("u1");
    expect((screen.getByLabelText("Article") as HTMLSelectElement).value).toBe(ARTICLE.id);
    expect(within(screen.getByLabelText("Article")).getByRole("option", { name: "Untitled article" })).toBeTruthy();
    const kind = screen.getByLabelText("Kind") as HTMLSelectElement;
    expect(kind.value).toBe("member.role_changed");
    expect(within(kind).getByRole("option", { name: "All: members" })).toBeTruthy();
    expect(within(kind).getByRole("option", { name: "role changed" })).toBeTruthy();
    expect((screen.getByLabelText("From") as HTMLInputElement).value).toBe("2026-11-01");
    expect((screen.getByLabelText("To") as HTMLInputElement).value).toBe("2026-11-30");
    expect(screen.getByRole("link", { name: "Clear filters" }).getAttribute("href")).toBe(`/projects/${PROJECT_ID}/activity`);
  });

  it("keeps a filtered person who is no longer a member choosable", () => {
    renderWithIntl(<ActivityFilters projectId={PROJECT_ID} groups={["claim"]} options={options} query={{ person: "gone-user" }} />, { locale: "de" });
    expect((screen.getByLabelText("Person") as HTMLSelectElement).value).toBe("gone-user");
    expect(screen.getByRole("button", { name: "Filter anwenden" })).toBeTruthy();
  });
});
