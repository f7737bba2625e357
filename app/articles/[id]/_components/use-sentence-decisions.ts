"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { type DecisionRefusal, fetchSentenceDecisions, putExclusion, putNoClaim, type SentenceDecisions } from "@/lib/client/sentence-decisions";

type Options = {
  articleId: string;
  initial: SentenceDecisions;
  currentUser: { id: string; name: string };
};

/**
 * The article's sentence decisions on the page: the person's "no claim here"
 * marks (and those of others they may see) and the "not annotatable"
 * exclusions. A change shows at once and is sent in order (one after the
 * other, so two quick presses arrive as pressed); a refusal puts the server's
 * state back and is handed to the caller to say.
 */
export function useSentenceDecisions({ articleId, initial, currentUser }: Options) {
  const [state, setState] = useState<SentenceDecisions>(initial);
  /** The writes, one after the other. */
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  /** What the server holds now, read after the writes under way (a read overtaking one would undo it on the page). */
  const load = useCallback(async () => {
    const fresh = await fetchSentenceDecisions(articleId);
    if (fresh) setState(fresh);
  }, [articleId]);
  const refetch = useCallback(() => queue.current.then(load), [load]);

  const ownNoClaim = useMemo(
    () => new Set(state.decisions.filter((d) => d.authorId === currentUser.id).map((d) => d.sentenceIndex)),
    [state.decisions, currentUser.id],
  );
  const excluded = useMemo(() => new Map(state.exclusions.map((e) => [e.sentenceIndex, e])), [state.exclusions]);

  const send = useCallback(
    (write: () => Promise<DecisionRefusal | null>): Promise<DecisionRefusal | null> => {
      const done = queue.current.then(write);
      queue.current = done.catch(() => null);
      return done.then(async (refusal) => {
        // What the server holds is what the page shows after a refusal.
        if (refusal) await load();
        return refusal;
      });
    },
    [load],
  );

  /** Set or clear the person's own "no claim here" on a sentence (by its stored index). */
  const setNoClaim = useCallback(
    (sentenceIndex: number, isSet: boolean) => {
      setState((prev) => ({
        ...prev,
        decisions: isSet
          ? [
              ...prev.decisions.filter((d) => !(d.sentenceIndex === sentenceIndex && d.authorId === currentUser.id)),
              { sentenceIndex, authorId: currentUser.id, authorName: currentUser.name },
            ]
          : prev.decisions.filter((d) => !(d.sentenceIndex === sentenceIndex && d.authorId === currentUser.id)),
      }));
      return send(() => putNoClaim(articleId, sentenceIndex, isSet));
    },
    [articleId, currentUser.id, currentUser.name, send],
  );

  /** Mark a sentence not annotatable for everyone, or annotatable again. */
  const setExcluded = useCallback(
    (sentenceIndex: number, isExcluded: boolean) => {
      setState((prev) => ({
        ...prev,
        exclusions: isExcluded
          ? [...prev.exclusions.filter((e) => e.sentenceIndex !== sentenceIndex), { sentenceIndex, reason: null, excludedByName: currentUser.name }]
          : prev.exclusions.filter((e) => e.sentenceIndex !== sentenceIndex),
      }));
      return send(() => putExclusion(articleId, sentenceIndex, isExcluded));
    },
    [articleId, currentUser.name, send],
  );

  return {
    /** Everything the page shows and counts: every visible decision, and the exclusions. */
    all: state,
    /** Stored indexes of the sentences the person marked "no claim here". */
    ownNoClaim,
    /** The exclusions, by stored sentence index. */
    excluded,
    refetch,
    setNoClaim,
    setExcluded,
  };
}
