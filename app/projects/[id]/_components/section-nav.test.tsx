// @vitest-environment happy-dom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SectionNav } from "./section-nav";

let pathname = "/projects/p1";
vi.mock("next/navigation", () => ({ usePathname: () => pathname }));

const LINKS = [
  { href: "/projects/p1", label: "Overview" },
  { href: "/projects/p1/articles", label: "Articles" },
  { href: "/projects/p1/agreement", label: "Agreement" },
];

afterEach(cleanup);

function current(): string[] {
  return screen
    .getAllByRole("link")
    .filter((link) => link.getAttribute("aria-current") === "page")
    .map((link) => link.textContent ?? "");
}

describe("SectionNav", () => {
  it("is a named navigation whose links keep their order", () => {
    render(<SectionNav label="Sections of Desk" links={LINKS} />);
    const nav = screen.getByRole("navigation", { name: "Sections of Desk" });
    expect([...nav.querySelectorAll("a")].map((a) => a.textContent)).toEqual(["Overview", "Articles", "Agreement"]);
  });

  it("marks the overview only on its own address", () => {
    pathname = "/projects/p1";
    render(<SectionNav label="Sections" links={LINKS} />);
    expect(current()).toEqual(["Overview"]);
  });

  it("marks a section on its address and on the pages below it, and not the overview", () => {
    pathname = "/projects/p1/agreement/a9";
    render(<SectionNav label="Sections" links={LINKS} />);
    expect(current()).toEqual(["Agreement"]);
  });

  it("does not mark a section whose path only starts like the address", () => {
    pathname = "/projects/p1/articles-old";
    render(<SectionNav label="Sections" links={LINKS} />);
    expect(current()).toEqual([]);
  });
});
