import { describe, expect, it } from "vitest";
import { sourceSchema } from "./claim-schema";

describe("source dates", () => {
  const source = (accessedOn: string | null) => ({
    id: "5b1f5f7e-3b55-4c0c-9d8c-3f5d0f7a9a10",
    url: "https://example.org/a",
    stance: "supports",
    accessedOn,
  });

  it.each(["2024-02-30", "2023-02-29", "2024-13-01", "0000-01-01", "2024-2-1", "yesterday"])(
    "refuses %s, which the database's date column cannot take",
    (date) => {
      const result = sourceSchema.safeParse(source(date));
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(["accessedOn"]);
    },
  );

  it.each(["2024-02-29", "0001-01-01", "9999-12-31"])("accepts %s", (date) => {
    expect(sourceSchema.safeParse(source(date)).success).toBe(true);
  });
});
