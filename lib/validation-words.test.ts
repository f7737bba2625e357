import { describe, expect, it } from "vitest";
import { z } from "zod";
import "./validation-words";

function problem(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a problem");
  return result.error.issues[0]!.message;
}

describe("zod's problems in plain words", () => {
  it("names missing and wrongly typed values", () => {
    expect(problem(z.object({ name: z.string() }), {})).toBe("is required");
    expect(problem(z.string(), 3)).toBe("must be text");
    expect(problem(z.number().int(), 1.5)).toBe("must be a whole number");
    expect(problem(z.array(z.string()), "x")).toBe("must be a list");
    expect(problem(z.boolean(), "yes")).toBe("must be true or false");
  });

  it("says limits in characters, entries and numbers", () => {
    expect(problem(z.string().max(300), "x".repeat(301))).toBe("must be at most 300 characters long");
    expect(problem(z.string().min(1), "")).toBe("must not be empty");
    expect(problem(z.string().min(8), "short")).toBe("must be at least 8 characters long");
    expect(problem(z.array(z.string()).max(2), ["a", "b", "c"])).toBe("must have at most 2 entries");
    expect(problem(z.array(z.string()).min(1), [])).toBe("must have at least one entry");
    expect(problem(z.number().max(10_000), 10_001)).toBe("must be at most 10,000");
    expect(problem(z.number().min(0), -1)).toBe("must be at least 0");
  });

  it("names formats, choices and unknown fields", () => {
    expect(problem(z.email(), "nope")).toBe("must be an e-mail address");
    expect(problem(z.uuid(), "nope")).toBe("must be an id (a UUID)");
    expect(problem(z.enum(["de", "en"]), "fr")).toBe('must be one of "de", "en"');
    expect(problem(z.literal("x"), "y")).toBe('must be "x"');
    expect(problem(z.strictObject({ a: z.string() }), { a: "", b: 1 })).toBe("is not a field of this request: b");
  });

  it("leaves a schema's own words alone", () => {
    expect(problem(z.string().min(1, "a title is needed"), "")).toBe("a title is needed");
  });
});
