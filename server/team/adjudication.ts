import "server-only";
import crypto from "node:crypto";
import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { articles, claims, projects, sources } from "@/db/schema";
import { claimFieldsSchema, targetSchema } from "@/lib/claim-schema";
import { requireProjectRole, type Actor } from "../authz";
import { AppError } from "../errors";
import { assertLabels, assertTargetMatches, targetColumns } from "../claims";
import { recordEvent } from "../events";
import { parseWith } from "../http";

/**
 * Fields given here replace the first source claim's; anything left out is
 * copied from it. `sources`, when given, replaces the copied sources (new ids
 * are generated for copies; given sources keep their client ids).
 */
export const promoteSchema = z.object({
  id: z.uuid().optional(),
  claimIds: z.array(z.uuid()).min(1, "choose at least one claim").max(50),
  target: targetSchema.optional(),
  fields: claimFieldsSchema.partial().optional(),
});
export type PromoteInput = z.input<typeof promoteSchema>;

export type GoldClaim = { id: string; articleId: string; derivedFrom: string[]; status: string };

/**
 * Adjudicate: a reviewer (or admin) makes a gold claim from one or more
 * annotators' claims on the same article. The gold claim is authored by the
 * reviewer, marked isGold, records the source ids in derivedFrom and starts
 * accepted (adjudication is the final review). A retried call with the same
 * `id` returns the existing gold claim.
 */
export async function promoteToGold(db: Db, actor: Actor, input: PromoteInput): Promise<GoldClaim> {
  const data = parseWith(promoteSchema, input);
  const claimIds = [...new Set(data.claimIds)];
  return db.transaction(async (tx) => {
    const found = await tx.select().from(claims).where(inArray(claims.id, claimIds));
    if (found.length !== claimIds.length) throw new AppError("not_found:claim", "No such claim.");
    const projectIds = new Set(found.map((c) => c.projectId));
    for (const projectId of projectIds) await requireProjectRole(tx, projectId, actor, "adjudicate", "claim");
    const articleIds = new Set(found.map((c) => c.articleId));
    if (articleIds.size !== 1) throw new AppError("unprocessable:claim", "Claims merged into one gold claim must be on the same article.");
    const first = found.find((c) => c.id === claimIds[0])!;
    if (found.some((c) => c.deletedAt)) throw new AppError("gone:claim", "A deleted claim cannot be promoted.");
    if (found.some((c) => c.isGold)) throw new AppError("unprocessable:claim", "Gold claims are not merged again; edit the gold claim instead.");

    const id = data.id ?? crypto.randomUUID();
    const [already] = await tx.select().from(claims).where(eq(claims.id, id));
    if (already) {
      const same = already.isGold && already.authorId === actor.id && [...already.derivedFrom].sort().join() === [...claimIds].sort().join();
      if (!same) throw new AppError("conflict:claim", "A claim with this id already exists.");
      return { id, articleId: already.articleId, derivedFrom: already.derivedFrom, status: already.status };
    }

    const [article] = await tx
      .select({ text: articles.text, taxonomy: projects.taxonomy })
      .from(articles)
      .innerJoin(projects, eq(projects.id, articles.projectId))
      .where(eq(articles.id, first.articleId));
    if (!article) throw new AppError("not_found:article", "No such article.");

    const target = data.target ?? { start: first.start, end: first.end, exact: first.exact, prefix: first.prefix, suffix: first.suffix };
    if (data.target) assertTargetMatches(article.text, data.target);
    const fields = data.fields ?? {};
    const values = {
      claimType: fields.claimType !== undefined ? fields.claimType : first.claimType,
      checkWorthiness: fields.checkWorthiness !== undefined ? fields.checkWorthiness : first.checkWorthiness,
      speaker: fields.speaker ?? first.speaker,
      normalizedClaim: fields.normalizedClaim ?? first.normalizedClaim,
      verdict: fields.verdict ?? first.verdict,
      rationale: fields.rationale ?? first.rationale,
      tags: fields.tags ?? first.tags,
    };
    assertLabels(article.taxonomy, { ...values, sources: fields.sources });

    await tx.insert(claims).values({
      id,
      articleId: first.articleId,
      projectId: first.projectId,
      authorId: actor.id,
      ...targetColumns(first.articleId, target),
      ...values,
      status: "accepted",
      isGold: true,
      derivedFrom: claimIds,
    });

    const sourceRows = fields.sources
      ? fields.sources.map((s, position) => ({ ...s, claimId: id, position }))
      : (await tx.select().from(sources).where(eq(sources.claimId, first.id)).orderBy(asc(sources.position))).map((s) => ({
          ...s,
          id: crypto.randomUUID(),
          claimId: id,
        }));
    if (sourceRows.length) {
      if (fields.sources) {
        const taken = await tx.select({ id: sources.id }).from(sources).where(inArray(sources.id, sourceRows.map((s) => s.id)));
        if (taken.length) throw new AppError("conflict:source", `Source id ${taken[0]?.id} belongs to another claim.`);
      }
      await tx.insert(sources).values(sourceRows);
    }
    await recordEvent(tx, {
      projectId: first.projectId,
      articleId: first.articleId,
      actorId: actor.id,
      entityType: "claim",
      entityId: id,
      action: "claim.adjudicated",
      after: { derivedFrom: claimIds, target, ...values, isGold: true },
    });
    return { id, articleId: first.articleId, derivedFrom: claimIds, status: "accepted" };
  });
}

/** A gold claim written from scratch: the article comes from the URL, so it is not in the body. */
export const writeGoldSchema = z.object({
  id: z.uuid().optional(),
  target: targetSchema,
  fields: claimFieldsSchema,
});
export type WriteGoldInput = z.input<typeof writeGoldSchema>;

/**
 * Adjudicate a claim nobody (or nobody adequately) annotated: a reviewer (or
 * admin) writes a gold claim directly on the article. Like promoteToGold it is
 * authored by the reviewer, marked isGold and accepted, but derivedFrom is
 * empty. A retried call with the same `id` returns the existing gold claim.
 */
export async function writeGoldClaim(db: Db, actor: Actor, articleId: string, input: WriteGoldInput): Promise<GoldClaim> {
  const data = parseWith(writeGoldSchema, input);
  return db.transaction(async (tx) => {
    const [article] = await tx
      .select({ id: articles.id, projectId: articles.projectId, text: articles.text, taxonomy: projects.taxonomy })
      .from(articles)
      .innerJoin(projects, eq(projects.id, articles.projectId))
      .where(eq(articles.id, articleId));
    if (!article) throw new AppError("not_found:article", "No such article.");
    await requireProjectRole(tx, article.projectId, actor, "adjudicate", "article");

    const id = data.id ?? crypto.randomUUID();
    const [already] = await tx.select().from(claims).where(eq(claims.id, id));
    if (already) {
      const same = already.isGold && already.authorId === actor.id && already.articleId === articleId && already.derivedFrom.length === 0;
      if (!same) throw new AppError("conflict:claim", "A claim with this id already exists.");
      return { id, articleId, derivedFrom: [], status: already.status };
    }

    assertTargetMatches(article.text, data.target);
    const { sources: sourceInputs, ...values } = data.fields;
    assertLabels(article.taxonomy, data.fields);

    await tx.insert(claims).values({
      id,
      articleId,
      projectId: article.projectId,
      authorId: actor.id,
      ...targetColumns(articleId, data.target),
      ...values,
      status: "accepted",
      isGold: true,
      derivedFrom: [],
    });
    if (sourceInputs.length) {
      const taken = await tx.select({ id: sources.id }).from(sources).where(inArray(sources.id, sourceInputs.map((s) => s.id)));
      if (taken.length) throw new AppError("conflict:source", `Source id ${taken[0]?.id} belongs to another claim.`);
      await tx.insert(sources).values(sourceInputs.map((s, position) => ({ ...s, claimId: id, position })));
    }
    await recordEvent(tx, {
      projectId: article.projectId,
      articleId,
      actorId: actor.id,
      entityType: "claim",
      entityId: id,
      action: "claim.adjudicated",
      after: { derivedFrom: [], target: data.target, ...values, isGold: true },
    });
    return { id, articleId, derivedFrom: [], status: "accepted" };
  });
}
