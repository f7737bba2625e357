"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { ListTable } from "@/components/list-table";
import { DISAGREEMENT_KINDS, type DisagreementKind } from "@/lib/agreement-disagreements";

/** One disagreeing sentence as the drill-down page passes it (the data layer's DisagreementSentence). */
export type DisagreementItem = {
  index: number;
  text: string;
  kind: DisagreementKind;
  values: ReadonlyArray<{ annotatorId: string; claimType: string | null; claims: ReadonlyArray<{ id: string; exact: string }> }>;
};

type Props = {
  articleId: string;
  /** Annotator id → name. */
  names: Readonly<Record<string, string>>;
  /** Claim type key → its label in the interface's language (the page resolves the project's taxonomy). */
  typeLabels: Readonly<Record<string, string>>;
  sentences: readonly DisagreementItem[];
};

/**
 * The drill-down's list: each disagreeing sentence with every annotator's
 * reading and a link that opens it in adjudication, and a choice of which
 * kinds to show (all at first). The count of shown sentences is announced
 * politely when the choice changes.
 */
export function DisagreementList({ articleId, names, typeLabels, sentences }: Props) {
  const t = useTranslations("agreement.drill");
  const format = useFormatter();
  const id = useId();
  const [shownKinds, setShownKinds] = useState<ReadonlySet<DisagreementKind>>(() => new Set(DISAGREEMENT_KINDS));
  const counts = Object.fromEntries(DISAGREEMENT_KINDS.map((k) => [k, sentences.filter((s) => s.kind === k).length])) as Record<
    DisagreementKind,
    number
  >;
  const shown = sentences.filter((s) => shownKinds.has(s.kind));
  const toggle = (kind: DisagreementKind) =>
    setShownKinds((current) => {
      const next = new Set(current);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });

  return (
    <>
      <fieldset>
        <legend>{t("filter")}</legend>
        {DISAGREEMENT_KINDS.map((kind) => (
          <p key={kind} style={{ margin: "0.25rem 0" }}>
            <label>
              <input type="checkbox" checked={shownKinds.has(kind)} onChange={() => toggle(kind)} /> {t(`kinds.${kind}`)} (
              {format.number(counts[kind])})<span className="muted"> — {t(`kindHints.${kind}`)}</span>
            </label>
          </p>
        ))}
      </fieldset>
      <p aria-live="polite" className="muted">
        {t("shown", { shown: shown.length, total: sentences.length })}
      </p>
      {shown.length === 0 ? (
        <p className="empty">{t("noneShown")}</p>
      ) : (
        <ol style={{ listStyle: "none", padding: 0 }} aria-label={t("list")}>
          {shown.map((sentence) => {
            const headingId = `${id}-sentence-${sentence.index}`;
            return (
              <li key={sentence.index} className="card" style={{ marginBottom: "0.75rem" }}>
                <section aria-labelledby={headingId}>
                  <h3 id={headingId} style={{ marginTop: 0 }}>
                    {t("sentence", { index: sentence.index })} <span className="badge">{t(`kinds.${sentence.kind}`)}</span>
                  </h3>
                  <blockquote>{sentence.text}</blockquote>
                  <ListTable
                    label={t("readings", { index: sentence.index })}
                    rows={sentence.values}
                    rowKey={(v) => v.annotatorId}
                    columns={[
                      { header: t("annotator"), cell: (v) => names[v.annotatorId] ?? v.annotatorId },
                      {
                        header: t("claimType"),
                        cell: (v) =>
                          v.claims.length === 0 ? t("noClaim") : v.claimType === null ? t("noType") : (typeLabels[v.claimType] ?? v.claimType),
                      },
                      {
                        header: t("quotes"),
                        cell: (v) =>
                          v.claims.length === 0 ? (
                            "—"
                          ) : (
                            <ul style={{ margin: 0, paddingLeft: "1rem" }}>
                              {v.claims.map((c) => (
                                <li key={c.id}>“{c.exact}”</li>
                              ))}
                            </ul>
                          ),
                      },
                    ]}
                  />
                  <p>
                    <Link href={`/articles/${articleId}/adjudicate?show=disputed#sentence-${sentence.index}`}>
                      {t("openInAdjudication", { index: sentence.index })}
                    </Link>
                  </p>
                </section>
              </li>
            );
          })}
        </ol>
      )}
    </>
  );
}
