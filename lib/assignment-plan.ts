/**
 * Planning a round of assignments: given the articles and annotators a desk
 * chose, how many annotators each article should have (k), and who is
 * already assigned where, decide who gets which article. Pure and
 * deterministic, so a preview shows exactly what applying will write, and
 * applying the same request again plans nothing new (server/team/assignments.ts).
 *
 * The rules, in order of precedence:
 * 1. No annotator twice on one article (existing assignees count).
 * 2. An article gets only what it lacks: k minus its current assignees, who
 *    count whether or not they were chosen this time; never more than k.
 * 3. Load is balanced over the chosen annotators, counting the load they
 *    already carry (every current assignment in the caller's `existing`):
 *    each seat goes to the least-loaded annotator who may take it, and then
 *    seats are moved from heavier to lighter annotators while that narrows
 *    the spread. When nobody carries load yet, or everyone carries the same,
 *    and the chosen articles have no assignees, the result is max − min ≤ 1.
 *    Otherwise no single move of a planned seat to another chosen annotator
 *    who may take it would narrow the spread (existing load can make ≤ 1
 *    impossible: planning never withdraws anything).
 * 4. Same input, same plan, whatever order ids arrive in: ids are sorted, and
 *    ties between equally loaded annotators are broken by a hash of
 *    (article, annotator) rather than by id order, so with k = 2 the pairs
 *    vary from article to article (agreement per pair then has data for
 *    many pairs, not the same twenty).
 */

export type AssignmentPair = { articleId: string; userId: string };

export type PlanInput = {
  articleIds: readonly string[];
  annotatorIds: readonly string[];
  /** Annotators each article should have, counting its current assignees. */
  k: number;
  /**
   * Current assignments: on the chosen articles they are the seats already
   * taken; for the chosen annotators, their count is the load they carry.
   * Pass all of the project's assignments so load is counted in full.
   */
  existing: readonly AssignmentPair[];
};

/** Why a plan was refused, as a code the server maps to a 422 and the page words. */
export type PlanRefusal =
  /** No annotator chosen. */
  | "no_annotators"
  /** k is not a whole number of at least 1. */
  | "k_invalid"
  /** k is larger than the number of annotators chosen: an article could not get k different annotators. */
  | "k_exceeds_annotators";

/** One chosen annotator's part in a plan. */
export type AnnotatorShare = {
  userId: string;
  /** Assignments they carry before the plan (all of `existing`). */
  current: number;
  /** Assignments the plan gives them. */
  added: number;
};

export type AssignmentPlan = {
  /** The new assignments, sorted by article id, then annotator id. */
  additions: AssignmentPair[];
  /** Every chosen annotator, sorted by id, including those the plan gives nothing. */
  shares: AnnotatorShare[];
  /** Chosen articles (duplicates removed). */
  articleCount: number;
  /** Chosen articles that already had k or more assignees, so get nothing. */
  completeCount: number;
};

export type PlanResult = { isOk: true; plan: AssignmentPlan } | { isOk: false; refusal: PlanRefusal };

/** Plan who gets which article (see the module comment for the rules). No article: an empty plan, the choice of annotators and k still checked. */
export function planAssignments(input: PlanInput): PlanResult {
  const articleIds = sortedUnique(input.articleIds);
  const annotatorIds = sortedUnique(input.annotatorIds);
  if (annotatorIds.length === 0) return { isOk: false, refusal: "no_annotators" };
  if (!Number.isInteger(input.k) || input.k < 1) return { isOk: false, refusal: "k_invalid" };
  if (input.k > annotatorIds.length) return { isOk: false, refusal: "k_exceeds_annotators" };

  const chosenArticles = new Set(articleIds);
  const load = new Map<string, number>(annotatorIds.map((id) => [id, 0]));
  /** Everyone on each chosen article, existing and planned. */
  const seated = new Map<string, Set<string>>(articleIds.map((id) => [id, new Set<string>()]));
  const seenPairs = new Set<string>();
  for (const { articleId, userId } of input.existing) {
    // The same pair twice in `existing` is one assignment (the table's key): count it once.
    const pairKey = `${articleId}\u0000${userId}`;
    if (seenPairs.has(pairKey)) continue;
    seenPairs.add(pairKey);
    const current = load.get(userId);
    if (current !== undefined) load.set(userId, current + 1);
    if (chosenArticles.has(articleId)) seated.get(articleId)?.add(userId);
  }
  const current = new Map(load);

  // Greedy: each article's missing seats go to the least-loaded annotators not yet on it.
  const annotatorHashes = new Map(annotatorIds.map((id) => [id, hashId(id)]));
  const additions: AssignmentPair[] = [];
  let completeCount = 0;
  for (const articleId of articleIds) {
    const onArticle = seated.get(articleId) ?? new Set<string>();
    const missing = input.k - onArticle.size;
    if (missing <= 0) {
      completeCount++;
      continue;
    }
    const articleHash = hashId(articleId);
    const candidates = annotatorIds
      .filter((id) => !onArticle.has(id))
      .map((id) => ({ id, load: load.get(id) ?? 0, tie: mix(articleHash, annotatorHashes.get(id) ?? 0) }));
    // At least `missing` candidates remain: k ≤ chosen annotators, and each seat taken by a chosen one removes one candidate.
    // The `missing` best by selection, not a sort: k is small, the candidates many.
    for (let seat = 0; seat < missing; seat++) {
      let best = seat;
      for (let i = seat + 1; i < candidates.length; i++) if (isBetterCandidate(candidates[i]!, candidates[best]!)) best = i;
      const chosen = candidates[best]!;
      candidates[best] = candidates[seat]!;
      candidates[seat] = chosen;
      additions.push({ articleId, userId: chosen.id });
      onArticle.add(chosen.id);
      load.set(chosen.id, chosen.load + 1);
    }
  }

  rebalance(additions, annotatorIds, load, seated);

  additions.sort((a, b) => compareIds(a.articleId, b.articleId) || compareIds(a.userId, b.userId));
  const added = new Map<string, number>();
  for (const { userId } of additions) added.set(userId, (added.get(userId) ?? 0) + 1);
  return {
    isOk: true,
    plan: {
      additions,
      shares: annotatorIds.map((userId) => ({ userId, current: current.get(userId) ?? 0, added: added.get(userId) ?? 0 })),
      articleCount: articleIds.length,
      completeCount,
    },
  };
}

/**
 * Move planned seats from an annotator to one carrying at least two fewer who
 * may take the seat, until no such move is left. The greedy pass alone can
 * leave a wider spread when existing assignees block the light annotators
 * from later articles. Each move lowers the sum of squared loads by at least
 * 2, so this ends; on a greedy result that is already within 1 it moves nothing.
 */
function rebalance(additions: AssignmentPair[], annotatorIds: readonly string[], load: Map<string, number>, seated: Map<string, Set<string>>): void {
  let hasMoved = true;
  while (hasMoved) {
    hasMoved = false;
    for (const addition of additions) {
      const fromLoad = load.get(addition.userId) ?? 0;
      const onArticle = seated.get(addition.articleId);
      if (!onArticle) continue;
      let best: { id: string; load: number } | null = null;
      for (const id of annotatorIds) {
        const candidateLoad = load.get(id) ?? 0;
        if (candidateLoad > fromLoad - 2 || onArticle.has(id)) continue;
        if (best === null || candidateLoad < best.load || (candidateLoad === best.load && compareIds(id, best.id) < 0)) {
          best = { id, load: candidateLoad };
        }
      }
      if (best === null) continue;
      onArticle.delete(addition.userId);
      onArticle.add(best.id);
      load.set(addition.userId, fromLoad - 1);
      load.set(best.id, best.load + 1);
      addition.userId = best.id;
      hasMoved = true;
    }
  }
}

type Candidate = { id: string; load: number; tie: number };

/** Lighter first; among equals, the pair's hash; then the id, so the order is total. */
function isBetterCandidate(a: Candidate, b: Candidate): boolean {
  return a.load !== b.load ? a.load < b.load : a.tie !== b.tie ? a.tie < b.tie : compareIds(a.id, b.id) < 0;
}

function sortedUnique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort(compareIds);
}

/** Code-unit order, the same in every runtime and locale (localeCompare is neither). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** FNV-1a (32 bit) of an id: hashed once per id, then paired by {@link mix}. */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A well-spread 32-bit value for an (article, annotator) pair: a fixed order
 * among equally loaded annotators that differs from article to article
 * (murmur3's finaliser over the two hashes).
 */
function mix(articleHash: number, annotatorHash: number): number {
  let h = (articleHash ^ Math.imul(annotatorHash, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Chosen annotators' loads after the plan, max − min: what the preview calls the spread. */
export function planSpread(plan: AssignmentPlan): number {
  if (plan.shares.length === 0) return 0;
  const totals = plan.shares.map((share) => share.current + share.added);
  return Math.max(...totals) - Math.min(...totals);
}
