/**
 * @mentions in a comment: `@` followed by a project member's display name.
 * People's names have spaces ("@Dana Adi"), and one member's name can begin
 * another's ("Ann" and "Ann Lee"), so the text is not cut into words first:
 * at each `@`, the members' names are tried longest first, and the first that
 * reads there (case-insensitively, any run of spaces or a line break between
 * the words) and ends where a word ends is the one mentioned. Pure: the data
 * layer (server/team/comments.ts) gives the members and decides who may be told.
 */

export type Mentionable = { id: string; name: string };

/** A name as compared: trimmed, runs of whitespace made one space. */
function normalizeName(name: string): string {
  return name.trim().replace(/\s+/gu, " ");
}

/** A letter, digit, mark or connector: what continues a word (so "@Ann" is not a mention of Ann in "@Anna"). */
const WORD_CLASS = "[\\p{L}\\p{N}\\p{M}\\p{Pc}]";
const WORD_CHAR = new RegExp(WORD_CLASS, "u");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

type Candidate = { name: string; ids: string[]; pattern: RegExp };

/** The members' names, longest first, each as a sticky pattern; members who share a name share one candidate. */
function candidatesOf(members: readonly Mentionable[]): Candidate[] {
  const byName = new Map<string, Candidate>();
  for (const member of members) {
    const name = normalizeName(member.name);
    if (name === "") continue;
    const key = name.toLowerCase();
    const existing = byName.get(key);
    if (existing) {
      if (!existing.ids.includes(member.id)) existing.ids.push(member.id);
      continue;
    }
    const source = name.split(" ").map(escapeRegExp).join("\\s+");
    byName.set(key, { name, ids: [member.id], pattern: new RegExp(`${source}(?!${WORD_CLASS})`, "iuy") });
  }
  return [...byName.values()].sort((a, b) => [...b.name].length - [...a.name].length);
}

/**
 * The ids of the members `body` mentions, each once, in the order first
 * mentioned. An `@` inside a word (an e-mail address, "bob@ann.org") mentions
 * nobody; two members with the same name are both mentioned by it.
 */
export function findMentions(body: string, members: readonly Mentionable[]): string[] {
  const candidates = candidatesOf(members);
  const found: string[] = [];
  if (candidates.length === 0) return found;
  let at = body.indexOf("@");
  while (at !== -1) {
    const before = at > 0 ? body.slice(Math.max(0, at - 2), at) : "";
    // The character before the @ (a surrogate pair is two code units: look at the last code point).
    const previous = [...before].at(-1) ?? "";
    let next = at + 1;
    if (previous === "" || !WORD_CHAR.test(previous)) {
      for (const candidate of candidates) {
        candidate.pattern.lastIndex = at + 1;
        const match = candidate.pattern.exec(body);
        if (!match) continue;
        for (const id of candidate.ids) if (!found.includes(id)) found.push(id);
        next = at + 1 + match[0].length;
        break;
      }
    }
    at = body.indexOf("@", next);
  }
  return found;
}
