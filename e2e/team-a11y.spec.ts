import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import deAnnotator from "../messages/de/annotator.json";
import deClaim from "../messages/de/claim.json";
import enAnnotator from "../messages/en/annotator.json";
import enClaim from "../messages/en/claim.json";
import { annotateAsA, expect, test } from "./support/team";

/** The regions the spec waits for, by their names in each interface language. */
const NAMES = {
  en: { text: enAnnotator.articleText, editor: enClaim.editor.label, review: enClaim.review.label },
  de: { text: deAnnotator.articleText, editor: deClaim.editor.label, review: deClaim.review.label },
} as const;

/**
 * WCAG 2.2 AA on every page, in both interface languages: axe-core's rules
 * for levels A and AA of WCAG 2.0–2.2, run on each page as a person reaches
 * it (the annotator with a claim open, the review panel, the project page
 * with its forms), none serious or critical. Axe checks what a machine can
 * (contrast, names, roles, landmarks, language); keyboard use is covered by
 * the annotator specs.
 */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const described = serious.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length}× e.g. ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join(" | ")}`,
  );
  expect(described, `${what}: serious or critical WCAG violations`).toEqual([]);
}

/** The interface language of the signed-in person behind `page` (their setting, through the header's API). */
/** The project's id, the last segment of its page's address. */
const projectIdOf = (projectUrl: string): string => new URL(projectUrl).pathname.split("/").pop() ?? "";

async function setLanguage(page: Page, locale: "en" | "de"): Promise<void> {
  const response = await page.request.put("/api/account/locale", { data: { locale } });
  expect(response.status()).toBe(200);
}

for (const locale of ["en", "de"] as const) {
  test(`[A11Y] every page has no serious WCAG 2.2 AA violation (${locale})`, async ({ team, browser, baseURL }) => {
    test.setTimeout(180_000);
    const { reviewer, a } = team;
    await annotateAsA(team);
    await setLanguage(reviewer, locale);
    await setLanguage(a.page, locale);
    try {
      // The annotator's view: the article with a claim, then the claim open in the editor.
      const names = NAMES[locale];
      await a.page.goto(`/articles/${team.articleId}`);
      await expect(a.page.getByRole("region", { name: names.text })).toBeVisible();
      await expect(a.page.locator("html")).toHaveAttribute("lang", locale);
      await expectAccessible(a.page, "annotator");
      await a.page.getByTestId("claim-item").first().click();
      await expect(a.page.getByRole("region", { name: names.editor })).toBeVisible();
      await expectAccessible(a.page, "annotator with the claim editor");

      // The reviewer's pages.
      const claims = (await (await reviewer.request.get(`/api/articles/${team.articleId}/claims`)).json()) as { claims: Array<{ id: string }> };
      const claimId = claims.claims[0]?.id;
      expect(claimId).toBeTruthy();
      const pages: Array<[string, string]> = [
        ["/articles", "article list"],
        [`/articles/${team.articleId}`, "article page as reviewer"],
        [`/claims/${claimId}`, "claim page"],
        [`/articles/${team.articleId}/adjudicate`, "adjudication"],
        [`/articles/${team.articleId}/adjudicate?show=disputed`, "adjudication, disputed sentences"],
        ["/inbox", "inbox, empty"],
        ["/projects", "project list"],
        [team.projectUrl, "project overview"],
        [`${team.projectUrl}/articles`, "project articles"],
        [`${team.projectUrl}/members`, "project members"],
        [`${team.projectUrl}/settings`, "project settings"],
        [`${team.projectUrl}/assignments`, "project assignments"],
        [`${team.projectUrl}/agreement`, "project agreement"],
        [`${team.projectUrl}/agreement/${team.articleId}`, "agreement drill-down"],
        [`${team.projectUrl}/review`, "review queue"],
        [`${team.projectUrl}/activity`, "activity"],
        ["/import", "import, no project chosen"],
        ["/export", "export, no project chosen"],
        [`/import?project=${projectIdOf(team.projectUrl)}`, "import into the project"],
        [`/export?project=${projectIdOf(team.projectUrl)}`, "export of the project"],
        ["/no-such-page", "not found"],
      ];
      for (const [url, what] of pages) {
        await reviewer.goto(url);
        await expect(reviewer.locator("html")).toHaveAttribute("lang", locale);
        await expectAccessible(reviewer, what);
      }
      await reviewer.goto(`/articles/${team.articleId}`);
      await reviewer.getByTestId("claim-item").first().click();
      await expect(reviewer.getByRole("region", { name: names.review })).toBeVisible();
      await expectAccessible(reviewer, "review panel");

      // The annotator's inbox with something in it (a reviewer's comment mentioning them) and their queue.
      const commented = await reviewer.request.post(`/api/reviews/claims/${claimId}/comments`, {
        data: { body: `@${a.user.name} please check the source.` },
      });
      expect(commented.status()).toBe(201);
      for (const [url, what] of [
        ["/inbox", "inbox with a mention"],
        ["/articles", "article list with my queue"],
      ] as const) {
        await a.page.goto(url);
        await expect(a.page.locator("html")).toHaveAttribute("lang", locale);
        await expectAccessible(a.page, what);
      }

      // A revision that moves one claim into the re-anchoring queue: the revisions page (list, diff, queue, form),
      // an earlier revision, and the article page saying a claim waits.
      const firstClaim = (await (await reviewer.request.get(`/api/articles/${team.articleId}/claims`)).json()) as {
        claims: Array<{ target: { exact: string } }>;
      };
      const exact = firstClaim.claims[0]!.target.exact;
      const original = ((await (await reviewer.request.get(`/api/articles/${team.articleId}/revisions/1`)).json()) as { revision: { text: string } })
        .revision.text;
      const words = exact.split(" ");
      const changed = [...words.slice(0, Math.ceil(words.length / 2)), "(korrigiert)", ...words.slice(Math.ceil(words.length / 2))].join(" ");
      const revised = await reviewer.request.post(`/api/articles/${team.articleId}/revisions`, { data: { text: original.replace(exact, changed) } });
      expect(revised.status()).toBe(201);
      for (const [url, what] of [
        [`/articles/${team.articleId}/revisions`, "revisions, diff and queue"],
        [`/articles/${team.articleId}/revisions/1`, "an earlier revision"],
        [`/articles/${team.articleId}`, "article page with claims waiting"],
      ] as const) {
        await reviewer.goto(url);
        await expect(reviewer.locator("html")).toHaveAttribute("lang", locale);
        await expectAccessible(reviewer, what);
      }
      await reviewer.goto(`/articles/${team.articleId}/revisions`);
      await reviewer
        .getByTestId("reanchor-item")
        .first()
        .getByRole("button", { name: locale === "de" ? "Von Hand platzieren" : "Place by hand" })
        .click();
      await expectAccessible(reviewer, "placing a claim by hand");

      // Signed out: the browser's language decides.
      const visitor = await browser.newContext({ baseURL, locale: locale === "de" ? "de-DE" : "en-US" });
      try {
        const page = await visitor.newPage();
        for (const [url, what] of [
          ["/sign-in", "sign-in"],
          ["/sign-up", "sign-up"],
          ["/invite/not-a-real-invitation-token", "invitation (unknown)"],
        ] as const) {
          await page.goto(url);
          await expect(page.locator("html")).toHaveAttribute("lang", locale);
          await expectAccessible(page, what);
        }
      } finally {
        await visitor.close();
      }
    } finally {
      // The administrator's setting is shared by the other specs, which read the English interface.
      await setLanguage(reviewer, "en");
    }
  });
}
