import { useTranslations } from "next-intl";

/** The queue's keys, always in view above the claims (queue-keys.ts is what they do). */
export function QueueKeyHelp() {
  const t = useTranslations("review.queue");
  const keys: Array<[keys: string[], words: string]> = [
    [["j", "↓"], t("keyNext")],
    [["k", "↑"], t("keyPrevious")],
    [["a"], t("keyAccept")],
    [["r"], t("keyReject")],
    [["c"], t("keyRequestChanges")],
    [["x"], t("keySelect")],
  ];
  return (
    <section className="kbd-help" aria-labelledby="queue-keys-heading">
      <h2 id="queue-keys-heading" className="sr-only">
        {t("keysHeading")}
      </h2>
      <ul className="row" style={{ flexWrap: "wrap", listStyle: "none", padding: 0, gap: "0.8rem" }}>
        {keys.map(([names, words]) => (
          <li key={names.join()}>
            {names.map((name, i) => (
              <span key={name}>
                {i > 0 && " / "}
                <kbd>{name}</kbd>
              </span>
            ))}{" "}
            {words}
          </li>
        ))}
      </ul>
      <p>{t("keysHint")}</p>
    </section>
  );
}
