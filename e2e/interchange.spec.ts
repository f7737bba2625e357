import { expect, test, uniqueSuffix } from "./fixtures";
import { createProject } from "./support/team";

/**
 * Issue 15 from the Import page: another tool's file (a Label Studio export, with an emoji before its spans)
 * previewed, its labels mapped — one to a claim type, one to a new type — and imported; the claims sit on
 * exactly their words of the new article.
 */
test("[INTERCHANGE] a Label Studio export previewed, its labels mapped, and imported from the Import page", async ({ admin }) => {
  const { page } = admin;
  const { projectUrl } = await createProject(page, { isBlind: false });
  const projectId = projectUrl.split("/").at(-1)!;
  const text = `Radwege 🚲 ${uniqueSuffix()}\n\nDie Stadt gab 4 Mio. € für Radwege aus, sagte die Bürgermeisterin.`;
  const at = (needle: string) => {
    const start = [...text.slice(0, text.indexOf(needle))].length;
    return { start, end: start + [...needle].length, text: needle };
  };
  const file = JSON.stringify([
    {
      id: 1,
      data: { text },
      annotations: [
        {
          result: [
            { id: "a", from_name: "label", to_name: "text", type: "labels", value: { ...at("4 Mio. €"), labels: ["Statistic"] } },
            { id: "b", from_name: "label", to_name: "text", type: "labels", value: { ...at("sagte die Bürgermeisterin"), labels: ["ATTRIBUTION"] } },
          ],
        },
      ],
    },
  ]);

  await page.goto(`/import?project=${projectId}`);
  const section = page.getByTestId("interchange-import");
  await section.getByLabel("Tool and format").selectOption("label_studio");
  await section
    .getByLabel("Files (brat: each .txt with its .ann)")
    .setInputFiles({ name: "export.json", mimeType: "application/json", buffer: Buffer.from(file) });
  await section.getByRole("button", { name: "Preview" }).click();
  await expect(section.getByRole("status")).toHaveText("2 spans in 1 document; offsets read as code points.");
  await expect(section.getByLabel("Becomes: Statistic")).toHaveValue("statistic");
  await section.getByLabel("Becomes: ATTRIBUTION").selectOption({ label: "a new claim type" });
  await section.getByLabel("Name of the new claim type for ATTRIBUTION").fill("Zuschreibung");
  await section.getByRole("button", { name: "Import with this mapping" }).click();
  await expect(section.getByTestId("interchange-report")).toContainText("Imported: 1 new and 0 existing articles; 2 new claims");
  await expect(section.getByTestId("interchange-report")).toContainText("New claim types: Zuschreibung");

  const list = (await (await page.request.get(`/api/articles?projectId=${projectId}`)).json()) as { articles: Array<{ id: string }> };
  const articleId = list.articles[0]!.id;
  const claims = (await (await page.request.get(`/api/articles/${articleId}/claims`)).json()) as {
    claims: Array<{ target: { start: number; end: number; exact: string }; claimType: string }>;
  };
  expect(claims.claims.map((c) => [c.target.exact, c.claimType])).toEqual([
    ["4 Mio. €", "statistic"],
    ["sagte die Bürgermeisterin", "zuschreibung"],
  ]);
  for (const claim of claims.claims) expect([...text].slice(claim.target.start, claim.target.end).join("")).toBe(claim.target.exact);
});
