import { useFormatter, useTranslations } from "next-intl";
import { formatScore } from "./format";

export type ChartBar = { key: string; label: string; value: number | null };

/**
 * Horizontal bars on a scale from −1 to 1, zero marked. No state, so server
 * pages render it. Its text alternative names what it shows and the table
 * holding the same figures (WCAG 1.1.1); each bar also prints its value, so
 * nothing is told by length or colour alone (1.4.1).
 */
export function AgreementChart({ title, tableName, bars }: { title: string; tableName: string; bars: readonly ChartBar[] }) {
  const t = useTranslations("agreement.chart");
  const format = useFormatter();
  const width = 560;
  const rowHeight = 22;
  const labelWidth = 220;
  const span = width - labelWidth - 48;
  const scale = (v: number) => (Math.max(-1, Math.min(1, v)) + 1) / 2; // −1…1 → 0…1
  const zeroX = labelWidth + span * scale(0);
  const height = bars.length * rowHeight + 20;
  return (
    <svg
      role="img"
      aria-label={t("label", { title, table: tableName })}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: "100%", height: "auto" }}
    >
      <line x1={zeroX} x2={zeroX} y1={0} y2={bars.length * rowHeight} stroke="currentColor" strokeWidth={1} opacity={0.4} />
      {bars.map((bar, i) => {
        const value = bar.value === null ? null : Math.max(-1, Math.min(1, bar.value));
        const x = value === null ? zeroX : labelWidth + span * scale(Math.min(value, 0));
        const w = value === null ? 0 : (span * Math.abs(value)) / 2;
        const y = i * rowHeight;
        return (
          <g key={bar.key}>
            <text x={0} y={y + 15} fontSize={12} fill="currentColor">
              {bar.label.length > 32 ? `${bar.label.slice(0, 31)}…` : bar.label}
            </text>
            {/* Dark enough against white for non-text contrast (WCAG 1.4.11). */}
            <rect x={x} y={y + 4} width={w} height={rowHeight - 8} fill={value !== null && value < 0 ? "#b42318" : "#1a7f37"} />
            <text x={zeroX + (value !== null && value > 0 ? w : 0) + 4} y={y + 15} fontSize={11} fill="currentColor">
              {formatScore(format, bar.value)}
            </text>
          </g>
        );
      })}
      <text x={labelWidth} y={bars.length * rowHeight + 14} fontSize={10} fill="currentColor">
        {t("min")}
      </text>
      <text x={width - 40} y={bars.length * rowHeight + 14} fontSize={10} fill="currentColor">
        {t("max")}
      </text>
    </svg>
  );
}
