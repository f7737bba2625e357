"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export type SectionLink = { href: string; label: string };

/**
 * The project's section links; the one the address is in is marked as the
 * current page (for screen readers through aria-current, for the eye by its
 * style). The overview is current only on its own address, since every other
 * section's address starts with it.
 */
export function SectionNav({ label, links }: { label: string; links: SectionLink[] }) {
  const pathname = usePathname();
  const overview = links[0]?.href;
  return (
    <nav aria-label={label} className="section-nav">
      <ul>
        {links.map((link) => {
          const isCurrent = link.href === overview ? pathname === link.href : pathname === link.href || pathname.startsWith(`${link.href}/`);
          return (
            <li key={link.href}>
              <Link href={link.href} aria-current={isCurrent ? "page" : undefined}>
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
