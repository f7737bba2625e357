import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/sign-out-button";
import { getActor } from "@/server/auth";
import "./globals.css";

export const metadata: Metadata = {
  title: "Claimwork",
  description: "Find, attribute, review and export the factual claims in news articles.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            Claimwork
          </Link>
          <nav aria-label="Main">
            {actor && <Link href="/articles">Articles</Link>}
            {actor && <Link href="/projects">Projects</Link>}
            {actor && <Link href="/import">Import</Link>}
            {actor && <Link href="/export">Export</Link>}
          </nav>
          {actor ? (
            <span className="row" style={{ flex: "none" }}>
              <span className="muted" data-testid="current-user">
                {actor.name}
                {actor.isAdmin ? " (admin)" : ""}
              </span>
              <SignOutButton />
            </span>
          ) : (
            <span className="row" style={{ flex: "none" }}>
              <Link href="/sign-in">Sign in</Link>
              <Link href="/sign-up">Sign up</Link>
            </span>
          )}
        </header>
        {children}
      </body>
    </html>
  );
}
