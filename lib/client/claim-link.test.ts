import { describe, expect, it } from "vitest";
import { claimIdFromLocation, claimLink } from "./claim-link";

describe("claim links", () => {
  it("are read back from the anchor or the query", () => {
    const link = new URL(claimLink("a1", "c1"), "http://localhost");
    expect(link.pathname).toBe("/articles/a1");
    expect(link.hash).toBe("#claim-c1");
    expect(claimIdFromLocation(link)).toBe("c1");
    expect(claimIdFromLocation({ hash: "", search: "?claim=c2" })).toBe("c2");
    expect(claimIdFromLocation({ hash: "#top", search: "" })).toBeNull();
    expect(claimIdFromLocation({ hash: "#claim-", search: "" })).toBeNull();
  });
});
