import Link from "next/link";
import type { ReactNode } from "react";

/** A link into an article's annotator (the one place that spells its address). */
export function ArticleLink({ id, children }: { id: string; children: ReactNode }) {
  return <Link href={`/articles/${id}`}>{children}</Link>;
}
