"use client";

import { useTranslations } from "next-intl";
import { memo, startTransition, useEffect, useMemo, useState } from "react";
import { useTaxonomyLabel } from "@/components/taxonomy-label";
import type { ClaimDto } from "@/lib/claim-schema";
import { claimColor } from "@/lib/client/claim-colors";
import { filterClaims } from "@/lib/client/claim-filter";
import type { ClaimDraft } from "@/lib/client/claim-sync";
import type { Taxonomy } from "@/lib/taxonomy";
import { ClaimFilters } from "./claim-filters";
import { StatusBadge } from "./claim-review";
import { useClaimFilterUrl } from "./use-claim-filter-url";
import type { VisibleClaim } from "./use-claim-store";

type Props = {
  claims: readonly VisibleClaim[];
  selectedId: string | null;
  taxonomy: Taxonomy;
  currentUserId: string;
  /** The article's language (BCP 47): a quote's, unless its claim names its own. */
  articleLanguage: string | undefined;
  onChoose: (claimId: string) => void;
};

/** How much of a quote the list shows. */
const QUOTE_PREVIEW = 140;

/**
 * How many items the first render makes (the server's HTML and the hydration): the rest follow at once
 * in a transition, so a long list does not hold up the page becoming clickable.
 */
const FIRST_ITEMS = 60;

/**
 * The claims in text order, searched and filtered (lib/client/claim-filter.ts),
 * each in its claim's colour; Enter or a click chooses one. The filter lives in
 * the page's address (useClaimFilterUrl), so a link reproduces it and live
 * updates and re-renders keep it; hiding the open claim only says so, and
 * leaves its editor open. Each item renders again
 * only when its claim, its draft or whether it is open changes.
 */
export const ClaimList = memo(function ClaimList({ claims, selectedId, taxonomy, currentUserId, articleLanguage, onChoose }: Props) {
  const t = useTranslations("annotator");
  const tf = useTranslations("claimFilters");
  const [filter, setFilter, ignored] = useClaimFilterUrl({ claims, taxonomy });
  const [isWhole, setWhole] = useState(false);
  useEffect(() => startTransition(() => setWhole(true)), []);
  const shown = useMemo(() => filterClaims(claims, filter), [claims, filter]);
  const rendered = isWhole ? shown : shown.slice(0, FIRST_ITEMS);
  const openHidden = selectedId !== null && claims.some((v) => v.draft.id === selectedId) && !shown.some((v) => v.draft.id === selectedId);
  return (
    <>
      {claims.length > 0 && (
        <ClaimFilters
          claims={claims}
          filter={filter}
          onChange={setFilter}
          shown={shown.length}
          openHidden={openHidden}
          ignored={ignored}
          taxonomy={taxonomy}
          currentUserId={currentUserId}
        />
      )}
      {claims.length > 0 && shown.length === 0 && <p className="muted">{tf("noMatch")}</p>}
      {claims.length === 0 ? (
        <p className="empty">{t("side.empty")}</p>
      ) : (
        <ol className="claim-list" aria-label={t("side.list")}>
          {rendered.map(({ draft, claim }) => (
            <ClaimItem
              key={draft.id}
              draft={draft}
              claim={claim}
              isOpen={draft.id === selectedId}
              taxonomy={taxonomy}
              articleLanguage={articleLanguage}
              onChoose={onChoose}
            />
          ))}
        </ol>
      )}
    </>
  );
});

type ItemProps = {
  draft: ClaimDraft;
  claim: ClaimDto;
  isOpen: boolean;
  taxonomy: Taxonomy;
  articleLanguage: string | undefined;
  onChoose: (claimId: string) => void;
};

const ClaimItem = memo(function ClaimItem({ draft, claim, isOpen, taxonomy, articleLanguage, onChoose }: ItemProps) {
  const t = useTranslations("annotator");
  const taxonomyLabel = useTaxonomyLabel();
  return (
    <li
      id={`claim-item-${draft.id}`}
      style={{ ["--c" as string]: claimColor(draft.id) }}
      aria-current={isOpen}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: each claim of the list is reached with Tab and opened with Enter (its onKeyDown), the list's keyboard path.
      tabIndex={0}
      onClick={() => onChoose(draft.id)}
      onKeyDown={(e) => {
        if (e.key === "Enter") onChoose(draft.id);
      }}
      data-testid="claim-item"
      data-claim-id={draft.id}
    >
      <div className="quote" lang={draft.language ?? articleLanguage}>
        {draft.target.exact.length > QUOTE_PREVIEW ? `${draft.target.exact.slice(0, QUOTE_PREVIEW)}…` : draft.target.exact}
      </div>
      <div className="muted" style={{ fontSize: "0.8rem" }}>
        {[
          taxonomyLabel("claimTypes", taxonomy.claimTypes, draft.claimType) || t("item.untyped"),
          taxonomyLabel("verdicts", taxonomy.verdicts, draft.verdict),
          ...(draft.sources.length ? [t("item.sources", { count: draft.sources.length })] : []),
          claim.authorName,
          ...(claim.isGold ? [t("item.gold")] : []),
        ].join(" · ")}
      </div>
      {(claim.status !== "draft" || claim.isGold) && (
        <div>{claim.isGold ? <span className="badge gold">{t("item.goldBadge")}</span> : <StatusBadge status={claim.status} />}</div>
      )}
    </li>
  );
});
