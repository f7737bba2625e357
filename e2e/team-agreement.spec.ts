import { annotateAsA, annotateAsB, expect, projectSection, submitForReview, test } from "./support/team";

test("[TEAM] agreement: once both annotators have submitted, the agreement section shows the figures, the article's disagreement and the way into adjudication", async ({
  team,
}) => {
  const { reviewer, a, b } = team;
  await annotateAsA(team);
  await annotateAsB(team);
  await submitForReview(a);
  await submitForReview(b);

  await reviewer.goto(team.projectUrl);
  await projectSection(reviewer, "Agreement");
  const pooled = reviewer.getByRole("table", { name: "Agreement over the project" });
  await expect(pooled.getByRole("row", { name: /claim \/ not claim/ }).getByRole("cell")).toHaveText(/^-?\d\.\d\d$/);
  await expect(reviewer.getByRole("table", { name: "Agreement per pair" })).toContainText(a.user.name);

  // Both claimed sentence 1 as an event; only B claimed sentence 2: the drill-down lists sentence 2 alone.
  const perArticle = reviewer.getByRole("table", { name: "Agreement per article" });
  await perArticle.getByRole("link").first().click();
  await reviewer.waitForURL(/\/agreement\/[0-9a-f-]{36}/);
  const disagreeing = reviewer.getByRole("list", { name: "Disagreeing sentences" });
  await expect(disagreeing.getByRole("listitem").filter({ has: reviewer.getByRole("heading", { level: 3 }) })).toHaveCount(1);
  const sentence = disagreeing.getByRole("region", { name: /^Sentence 2 / });
  await expect(sentence).toContainText("Claim or not");
  const readings = sentence.getByRole("table", { name: "Each annotator's reading of sentence 2" });
  await expect(readings.getByRole("row", { name: new RegExp(a.user.name) })).toContainText("No claim");
  await expect(readings.getByRole("row", { name: new RegExp(b.user.name) })).not.toContainText("No claim");

  await sentence.getByRole("link", { name: "Open sentence 2 in adjudication" }).click();
  await reviewer.waitForURL(/\/adjudicate\?show=disputed#sentence-2$/);
  await expect(reviewer.locator("#sentence-2")).toBeInViewport();
});
