import { describe, expect, it } from "vitest";
import { articleListQuerySchema, primaryLanguage } from "./article-list";

describe("the article list's query", () => {
  it("takes each part as the URL carries it", () => {
    expect(articleListQuerySchema.parse({ q: "  Waffenruhe  ", size: "25", page: "3", sort: "title", mine: "assigned", state: "open" })).toEqual({
      q: "Waffenruhe",
      size: 25,
      page: 3,
      sort: "title",
      mine: "assigned",
      state: "open",
    });
    expect(articleListQuerySchema.parse({})).toEqual({});
  });

  it("refuses what it does not understand, naming the part and what it must be", () => {
    const problems = (value: Record<string, string>) =>
      articleListQuerySchema.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(problems({ size: "7" })).toEqual([["size", "must be one of 25, 50, 100, 250"]]);
    expect(problems({ sort: "random" })).toEqual([["sort", "must be one of relevance, activity, title, created, claims, sentences"]]);
    expect(problems({ page: "0" })).toEqual([["page", "must be 1 or more"]]);
    expect(problems({ language: "german!" })).toEqual([["language", "must be a language tag such as de or en-GB"]]);
    expect(problems({ projectId: "x" })).toEqual([["projectId", "must be a project id"]]);
    expect(problems({ q: "x".repeat(201) })).toEqual([["q", "at most 200 characters"]]);
  });

  it("compares languages by their primary subtag", () => {
    expect(primaryLanguage("de-AT")).toBe("de");
    expect(primaryLanguage("EN")).toBe("en");
  });
});
