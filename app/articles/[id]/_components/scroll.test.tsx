import { describe, expect, it, vi } from "vitest";
import { revealWithin } from "./scroll";

function container(top: number, bottom: number) {
  return { getBoundingClientRect: () => ({ top, bottom }), scrollBy: vi.fn() };
}
const element = (top: number, bottom: number) => ({ getBoundingClientRect: () => ({ top, bottom }) });

describe("revealWithin", () => {
  it("leaves what is already in view alone", () => {
    const side = container(0, 800);
    revealWithin(side, element(100, 400), "auto");
    expect(side.scrollBy).not.toHaveBeenCalled();
  });

  it("scrolls up to what is above, and down just enough for what is below", () => {
    const side = container(0, 800);
    revealWithin(side, element(-300, -100), "auto");
    revealWithin(side, element(700, 1000), "smooth");
    expect(side.scrollBy.mock.calls).toEqual([[{ top: -300, behavior: "auto" }], [{ top: 200, behavior: "smooth" }]]);
  });

  it("shows the top of what is taller than the container", () => {
    const side = container(0, 800);
    revealWithin(side, element(900, 2500), "auto");
    expect(side.scrollBy).toHaveBeenCalledWith({ top: 900, behavior: "auto" });
  });
});
