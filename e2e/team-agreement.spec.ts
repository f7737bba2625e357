import { annotateAsA, annotateAsB, expect, submitForReview, test } from "./support/team";

test("[TEAM] agreement: the project page shows alpha over sentence labels and the pairwise table once both annotators have submitted", async ({
  team,
}) => {
  const { reviewer, a, b } = team;
  await annotateAsA(team);
  await annotateAsB(team);
  await submitForReview(a);
  await submitForReview(b);

  await reviewer.goto(team.projectUrl);
  const agreement = reviewer.getByRole("table", { name: "Agreement", exact: true });
  await expect(agreement).toBeVisible();
  await expect(agreement.getByRole("row", { name: /claim \/ not claim/ }).getByRole("cell")).toHaveText(/^-?\d\.\d\d$/);
  await expect(reviewer.getByRole("table", { name: "Pairwise agreement" })).toContainText(a.user.name);
});
