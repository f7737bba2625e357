import { expect, it } from "vitest";
import { isUuid } from "./ids";

it("takes UUIDs only, not any 36 hex digits or dashes", () => {
  expect(isUuid("00000000-0000-4000-8000-000000000001")).toBe(true);
  expect(isUuid("-".repeat(36))).toBe(false);
  expect(isUuid("a".repeat(36))).toBe(false);
  expect(isUuid(undefined)).toBe(false);
  expect(isUuid(["00000000-0000-4000-8000-000000000001"])).toBe(false);
});
