import { expect, it } from "vitest";
import { describeEachDatabase, expectAppError } from "@/test-support/databases";
import { sourceInput } from "@/test-support/records";
import { ARTICLE_TEXT, blindProjectArticle, createClaim, createUsers } from "@/test-support/team-fixtures";
import { fieldSuggestions } from "./suggestions";

describeEachDatabase("suggestions for the editor", (getDatabase) => {
  it("offers the project's own values, most used first, those that start with the typed text before those that contain it", async () => {
    const { db } = getDatabase();
    const people = await createUsers(db, { ann: "Ann", ben: "Ben", rita: "Rita", otto: "Otto" });
    const { project, article } = await blindProjectArticle(db, people.admin, "Suggestions", [
      [people.ann, "annotator"],
      [people.ben, "annotator"],
      [people.rita, "reviewer"],
    ]);
    const source = (publisher: string) => sourceInput({ url: "https://example.org/a", publisher });
    await createClaim(db, people.ann, article.id, ARTICLE_TEXT, "4 million euros", {
      speaker: "Reuters",
      tags: ["budget", "Verkehr"],
      sources: [source("Die Zeit")],
    });
    await createClaim(db, people.ann, article.id, ARTICLE_TEXT, "12 percent", { speaker: "Reuters", tags: ["budget"] });
    await createClaim(db, people.ann, article.id, ARTICLE_TEXT, "a waste of money", { speaker: "Ein Reuters-Reporter", tags: ["100%_sicher"] });
    await createClaim(db, people.ben, article.id, ARTICLE_TEXT, "to double by 2030", { speaker: "Bens geheime Quelle", tags: ["secret"] });

    const suggest = (actor: typeof people.ann, field: "speaker" | "tag" | "publisher", q = "") =>
      fieldSuggestions(db, actor, project.id, { field, q, limit: 10 });
    expect(await suggest(people.ann, "speaker", "reu")).toEqual(["Reuters", "Ein Reuters-Reporter"]);
    expect(await suggest(people.ann, "tag")).toEqual(["budget", "100%_sicher", "Verkehr"]);
    expect(await suggest(people.ann, "tag", "%_")).toEqual(["100%_sicher"]); // typed characters, not patterns
    expect(await suggest(people.ann, "publisher", "zeit")).toEqual(["Die Zeit"]);

    // Blind project: an annotator is never offered a fellow annotator's values; a reviewer sees everyone's.
    expect(await suggest(people.ann, "speaker", "quelle")).toEqual([]);
    expect(await suggest(people.ben, "speaker")).toEqual(["Bens geheime Quelle"]);
    expect(await suggest(people.rita, "speaker", "quelle")).toEqual(["Bens geheime Quelle"]);
    expect((await expectAppError(() => suggest(people.otto, "speaker"))).type).toBe("not_found");
  });
});
