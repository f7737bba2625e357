import { useFormatter, useTranslations } from "next-intl";
import { ListTable } from "@/components/list-table";
import type { AgreementReport } from "@/server/team/agreement";
import { AgreementChart } from "./agreement-chart";
import { formatScore } from "./format";

/** The pair table shows this many (lowest κ first); the full list is in GET /api/projects/:id/agreement. */
export const PAIRS_SHOWN = 50;

/** The three alphas of a result (claim or not, claim type, claimed text) as a table named `label`: the project's and one article's. */
export function AlphaTable({ label, result }: { label: string; result: AgreementReport["result"] }) {
  const t = useTranslations("agreement");
  const format = useFormatter();
  const rows = [
    { key: "alphaClaim", value: result.alphaClaim },
    { key: "alphaClaimType", value: result.alphaClaimType },
    { key: "alphaUnitizing", value: result.alphaUnitizing },
  ] as const;
  return (
    <table className="list" aria-label={label}>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{t(`pooled.${row.key}`)}</th>
            <td className="num">{formatScore(format, row.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The project's pooled figures, per claim type and per pair. `typeLabel` words a claim type (the page resolves the taxonomy). */
export function Pooled({ report, typeLabel }: { report: AgreementReport; typeLabel: (key: string) => string }) {
  const t = useTranslations("agreement");
  const format = useFormatter();
  const score = (value: number | null | undefined) => formatScore(format, value);
  const names = new Map(report.annotators.map((a) => [a.id, a.name]));
  const pairNames = (pair: { a: string; b: string }) => ({ a: names.get(pair.a) ?? pair.a, b: names.get(pair.b) ?? pair.b });
  const { result } = report;
  // Lowest first: the pairs a desk should talk to; undefined figures last.
  const pairs = [...result.pairs].sort((p, q) => (p.kappaClaim.kappa ?? Number.POSITIVE_INFINITY) - (q.kappaClaim.kappa ?? Number.POSITIVE_INFINITY));
  const shownPairs = pairs.slice(0, PAIRS_SHOWN);
  return (
    <>
      <section aria-labelledby="agreement-pooled-heading">
        <h2 id="agreement-pooled-heading">{t("pooled.heading")}</h2>
        <p className="muted">{t("scope", { articles: report.articleCount, units: result.units })}</p>
        <AlphaTable label={t("pooled.table")} result={result} />
        <AgreementChart
          title={t("chart.pooledTitle")}
          tableName={t("pooled.table")}
          bars={[
            { key: "alphaClaim", label: t("pooled.alphaClaim"), value: result.alphaClaim },
            { key: "alphaClaimType", label: t("pooled.alphaClaimType"), value: result.alphaClaimType },
            { key: "alphaUnitizing", label: t("pooled.alphaUnitizing"), value: result.alphaUnitizing },
          ]}
        />
      </section>

      <section aria-labelledby="agreement-labels-heading">
        <h2 id="agreement-labels-heading">{t("labels.heading")}</h2>
        <ListTable
          label={t("labels.table")}
          rows={result.labels}
          rowKey={(l) => l.claimType}
          empty={t("labels.empty")}
          columns={[
            { header: t("labels.claimType"), cell: (l) => typeLabel(l.claimType) },
            { header: t("labels.claims"), isNumeric: true, cell: (l) => format.number(l.claims) },
            { header: t("labels.alpha"), isNumeric: true, cell: (l) => score(l.alpha) },
            { header: t("labels.alphaUnitizing"), isNumeric: true, cell: (l) => score(l.alphaUnitizing) },
          ]}
        />
        {result.labels.length > 0 && (
          <AgreementChart
            title={t("chart.labelsTitle")}
            tableName={t("labels.table")}
            bars={result.labels.map((l) => ({ key: l.claimType, label: typeLabel(l.claimType), value: l.alpha }))}
          />
        )}
      </section>

      <section aria-labelledby="agreement-pairs-heading">
        <h2 id="agreement-pairs-heading">{t("pairs.heading")}</h2>
        {pairs.length > 0 && (
          <p className="muted">
            {pairs.length > shownPairs.length
              ? t("pairs.lowest", { shown: shownPairs.length, total: pairs.length })
              : t("pairs.all", { total: pairs.length })}
          </p>
        )}
        <ListTable
          label={t("pairs.table")}
          rows={shownPairs}
          rowKey={(p) => `${p.a}:${p.b}`}
          empty={t("pairs.empty")}
          columns={[
            { header: t("pairs.pair"), cell: (p) => t("pairs.pairNames", pairNames(p)) },
            { header: t("pairs.articles"), isNumeric: true, cell: (p) => format.number(p.articles) },
            { header: t("pairs.kappaClaim"), isNumeric: true, cell: (p) => score(p.kappaClaim.kappa) },
            { header: t("pairs.kappaType"), isNumeric: true, cell: (p) => score(p.kappaClaimType.kappa) },
            { header: t("pairs.f1Exact"), isNumeric: true, cell: (p) => score(p.spanF1Exact.f1) },
            { header: t("pairs.f1Overlap"), isNumeric: true, cell: (p) => score(p.spanF1Overlap.f1) },
            { header: t("pairs.alphaUnitizing"), isNumeric: true, cell: (p) => score(p.alphaUnitizing) },
          ]}
        />
      </section>
    </>
  );
}
