import { useTranslations } from "next-intl";
import { taxonomyLabelWith } from "@/components/taxonomy-label";
import { shorten } from "@/lib/adjudication-merge";
import type { HistoryChange, Scalar, TaxonomyList, ValueClaimKey, WordedSourceKey } from "@/lib/history-diff";
import type { Messages } from "@/lib/i18n/messages";
import { CHECK_WORTHINESS, type Taxonomy } from "@/lib/taxonomy";
import { PROJECT_ROLES, type ProjectRole, REVIEW_STATUSES, type ReviewStatus } from "@/lib/vocabularies";

/*
 * How the history words an action and what an entry changed, for both of its
 * readers: a claim's history (app/articles/[id]/_components/claim-history.tsx,
 * a client component) and the project's activity feed (a server page). No
 * state and no effects, so it renders on either side.
 */

type ActionWords = Messages["review"]["activity"]["actions"];
/** An event's action ("claim.created") that the catalogue has words for: the entity, then what happened to it. */
type WordedAction = { [Entity in keyof ActionWords]: `${Entity}.${keyof ActionWords[Entity] & string}` }[keyof ActionWords];

/**
 * An action in words (review.activity.actions, which words every action of
 * lib/history-actions.ts). The history holds whatever action names the
 * server wrote, older ones too: one without words reads as recorded.
 */
export function useActionWords(): (action: string) => string {
  const t = useTranslations("review.activity");
  // The action is stored data, not a literal the compiler knows: `t.has` checks it at run time (and a name
  // without its entity, "claim", would name a group of words, not one).
  return (action) =>
    action.includes(".") && t.has(`actions.${action as WordedAction}`) ? t(`actions.${action as WordedAction}`) : t("unknownAction", { action });
}

/** Free text in a change line is cut to a line's worth: a rationale may run to pages. */
const TEXT_IN_CHANGE = 120;

/** A claim field's name: the claim form's own words where it has them (claim.fields), the history's for the rest. */
function useFieldName(): (field: string) => string {
  const tc = useTranslations("claim");
  const th = useTranslations("history");
  return (field) => {
    if (tc.has(`fields.${field as keyof Messages["claim"]["fields"]}`)) return tc(`fields.${field as keyof Messages["claim"]["fields"]}`);
    if (th.has(`fields.${field as keyof Messages["history"]["fields"]}`)) return th(`fields.${field as keyof Messages["history"]["fields"]}`);
    return field;
  };
}

function isStatus(value: Scalar): value is ReviewStatus {
  return (REVIEW_STATUSES as readonly Scalar[]).includes(value);
}

function isRole(value: Scalar): value is ProjectRole {
  return (PROJECT_ROLES as readonly Scalar[]).includes(value);
}

type Props = {
  changes: readonly HistoryChange[];
  /** The project's labels, to word a verdict, a type or a stance by its label; without it they read as their keys. */
  taxonomy?: Taxonomy;
};

/**
 * What one history entry changed, a line per change ("verdict: Unverified →
 * False"). Every value is stored data shown as text, never as markup.
 */
export function HistoryChanges({ changes, taxonomy }: Props) {
  const t = useTranslations("history.change");
  const th = useTranslations("history");
  const tv = useTranslations("vocab");
  const tc = useTranslations("claim");
  const fieldName = useFieldName();
  if (changes.length === 0) return null;

  const nothing = t("nothing");
  const quoted = (text: string) => (text === "" ? nothing : t("quoted", { text: shorten(text, TEXT_IN_CHANGE) }));
  const label = (kind: TaxonomyList, key: string) => (taxonomy ? taxonomyLabelWith(tv, kind, taxonomy[kind], key) : key);

  const valueWords = (field: ValueClaimKey, value: Scalar): string => {
    if (value === null || value === "") return nothing;
    if (field === "status" && isStatus(value)) return tv(`reviewStatus.${value}`);
    if (field === "verdict" && typeof value === "string") return label("verdicts", value);
    if (field === "claimType" && typeof value === "string") return label("claimTypes", value);
    if (field === "checkWorthiness") {
      const level = CHECK_WORTHINESS.find((c) => c.value === value);
      return level ? tv(`checkWorthiness.${level.value}`) : String(value);
    }
    if (typeof value === "boolean") return value ? t("yes") : t("no");
    if (field === "speaker" || field === "normalizedClaim" || field === "rationale") return quoted(String(value));
    return String(value);
  };
  const sourceValue = (field: WordedSourceKey, value: Scalar): string => {
    if (value === null || value === "") return nothing;
    if (field === "stance" && typeof value === "string") return label("stances", value);
    return field === "title" || field === "excerpt" || field === "publisher" ? quoted(String(value)) : String(value);
  };
  const roleWords = (role: ProjectRole | null) => (role === null ? nothing : isRole(role) ? tv(`projectRole.${role}`) : role);
  const onOff = (value: boolean | null) => (value === null ? nothing : value ? t("on") : t("off"));
  const rating = (value: number | null) => (value === null ? t("noRating") : String(value));

  const line = (change: HistoryChange): string => {
    switch (change.kind) {
      case "value":
        return t("value", {
          field: fieldName(change.field),
          before: valueWords(change.field, change.before),
          after: valueWords(change.field, change.after),
        });
      case "list":
        return [
          change.added.length > 0 && t("listAdded", { field: fieldName(change.field), values: change.added.join(", ") }),
          change.removed.length > 0 && t("listRemoved", { field: fieldName(change.field), values: change.removed.join(", ") }),
        ]
          .filter(Boolean)
          .join("; ");
      case "sourceAdded":
        return t("sourceAdded", { source: change.source.url || quoted(change.source.title) });
      case "sourceRemoved":
        return t("sourceRemoved", { source: change.source.url || quoted(change.source.title) });
      case "sourceChanged":
        return t("sourceChanged", {
          source: change.source.url || quoted(change.source.title),
          field: tc.has(`sourceFields.${change.field}`) ? tc(`sourceFields.${change.field}`) : change.field,
          before: sourceValue(change.field, change.before),
          after: sourceValue(change.field, change.after),
        });
      case "span":
        return t("span", { before: quoted(change.before.exact), after: quoted(change.after.exact) });
      case "entryAdded":
        return t("entryAdded", { list: th(`taxonomyLists.${change.list}`), label: quoted(change.label) });
      case "entryRemoved":
        return t("entryRemoved", { list: th(`taxonomyLists.${change.list}`), label: quoted(change.label) });
      case "entryRenamed":
        return t("entryRenamed", {
          list: th(`taxonomyLists.${change.list}`),
          key: change.key,
          before: quoted(change.before),
          after: quoted(change.after),
        });
      case "ratingChanged":
        return t("ratingChanged", { key: change.key, before: rating(change.before), after: rating(change.after) });
      case "role":
        return t("role", { before: roleWords(change.before), after: roleWords(change.after) });
      case "blindMode":
        return t("blindMode", { before: onOff(change.before), after: onOff(change.after) });
      case "unknown":
        return change.field === "" ? t("unknown") : t("unknownField", { field: fieldName(change.field) });
    }
  };

  return (
    <ul className="history-changes" style={{ margin: "0.1rem 0 0.3rem", paddingLeft: "1.1rem" }}>
      {changes.map((change, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an entry's changes are fixed once recorded; their place is who they are
        <li key={i}>{line(change)}</li>
      ))}
    </ul>
  );
}
