"use client";

import { type ComponentProps, useState } from "react";
import type { ClaimDto } from "@/lib/claim-schema";
import { Annotator } from "./annotator";

type Props = Omit<ComponentProps<typeof Annotator>, "initialClaims"> & {
  /** The article's claims as the server listed them, `JSON.stringify`'d. */
  initialClaimsJson: string;
};

/**
 * The annotator as the page sends it: the claims travel as one JSON string instead of as objects. React's
 * server payload encodes and decodes every field of every object in JavaScript (thousands of claims on a
 * long article, and it carries them once more for the server's own render); one string goes through as it
 * is and the browser's JSON.parse reads it. BENCHMARKS.md, issue 12 part 11, has the figures.
 */
export function AnnotatorFromJson({ initialClaimsJson, ...props }: Props) {
  const [initialClaims] = useState(() => JSON.parse(initialClaimsJson) as ClaimDto[]);
  return <Annotator {...props} initialClaims={initialClaims} />;
}
