import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadForPage } from "@/app/_lib/page-guard";
import { ArticleLink } from "@/components/article-link";
import { DateTime } from "@/components/date-time";
import { ListTable } from "@/components/list-table";
import type { Messages } from "@/lib/i18n/messages";
import { projectActivity } from "@/server/team/history";
import { getProject } from "@/server/team/projects";

type ActionWords = Messages["review"]["activity"]["actions"];
/** An event's action ("claim.created") that the catalogue has words for: the entity, then what happened to it. */
type WordedAction = { [Entity in keyof ActionWords]: `${Entity}.${keyof ActionWords[Entity] & string}` }[keyof ActionWords];

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("review.activity");
  return { title: t("title") };
}

export default async function ActivityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ project, items }, t] = await Promise.all([
    loadForPage(id, async ({ actor, db }) => {
      return { project: await getProject(db, actor, id), items: await projectActivity(db, actor, id) };
    }),
    getTranslations("review.activity"),
  ]);
  // The log holds whatever action names the server wrote, older ones too: one without words reads as recorded.
  const isWorded = (action: string): action is WordedAction => t.has(`actions.${action as WordedAction}`);
  return (
    <main className="page">
      <p>
        <Link href={`/projects/${project.id}`}>← {project.name}</Link>
      </p>
      <h1>{t("title")}</h1>
      <ListTable
        label={t("table")}
        empty={t("empty")}
        rows={items}
        rowKey={(item) => item.id}
        columns={[
          { header: t("when"), cell: (item) => <DateTime value={item.createdAt} precision="seconds" /> },
          { header: t("who"), cell: (item) => item.actorName ?? t("system") },
          { header: t("what"), cell: (item) => (isWorded(item.action) ? t(`actions.${item.action}`) : t("unknownAction", { action: item.action })) },
          {
            header: t("on"),
            cell: (item) =>
              item.entityType === "article" ? (
                <ArticleLink id={item.entityId}>{t("article")}</ArticleLink>
              ) : (
                <span className="muted">{t("entity", { type: item.entityType, id: item.entityId.slice(0, 8) })}</span>
              ),
          },
        ]}
      />
    </main>
  );
}
