import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findMentions, type Mentionable } from "./mentions";

fc.configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS ?? 100) });

const ANN = { id: "u-ann", name: "Ann" };
const ANN_LEE = { id: "u-ann-lee", name: "Ann Lee" };
const DANA = { id: "u-dana", name: "Dana Adi" };
const JURGEN = { id: "u-jurgen", name: "Jürgen Öz" };
const MEMBERS: Mentionable[] = [ANN, ANN_LEE, DANA, JURGEN];

describe("findMentions", () => {
  it("finds a member by their display name after @, names with spaces included, case-insensitively", () => {
    expect(findMentions("Thanks @dana adi, please look.", MEMBERS)).toEqual([DANA.id]);
    expect(findMentions("@JÜRGEN ÖZ: source?", MEMBERS)).toEqual([JURGEN.id]);
  });

  it("lets the longest name win where one name begins another", () => {
    expect(findMentions("@Ann Lee could you check", MEMBERS)).toEqual([ANN_LEE.id]);
    expect(findMentions("@Ann could you check", MEMBERS)).toEqual([ANN.id]);
  });

  it("matches across any run of whitespace between the name's words", () => {
    expect(findMentions("@Dana\nAdi and @Ann   Lee", MEMBERS)).toEqual([DANA.id, ANN_LEE.id]);
  });

  it("needs the name to end where a word ends", () => {
    expect(findMentions("@Annabel was here", MEMBERS)).toEqual([]);
    expect(findMentions("@Ann's point", MEMBERS)).toEqual([ANN.id]);
    expect(findMentions("(@Ann)", MEMBERS)).toEqual([ANN.id]);
  });

  it("ignores an @ inside a word, such as an e-mail address", () => {
    expect(findMentions("write to bob@ann.org", MEMBERS)).toEqual([]);
    expect(findMentions("@@Ann", MEMBERS)).toEqual([ANN.id]);
  });

  it("names each member once, in the order first mentioned", () => {
    expect(findMentions("@Dana Adi @Ann, @dana adi again, @Ann", MEMBERS)).toEqual([DANA.id, ANN.id]);
  });

  it("mentions every member who shares the name, and nobody for a bare @ or no members", () => {
    const twins = [ANN, { id: "u-ann-2", name: " ann " }];
    expect(findMentions("@Ann", twins)).toEqual([ANN.id, "u-ann-2"]);
    expect(findMentions("@ nobody @", MEMBERS)).toEqual([]);
    expect(findMentions("@Ann", [])).toEqual([]);
    expect(findMentions("@", [{ id: "blank", name: "   " }])).toEqual([]);
  });

  it("treats the name as text, not as a pattern", () => {
    expect(findMentions("@A.B and @AxB", [{ id: "dots", name: "A.B" }])).toEqual(["dots"]);
    expect(findMentions("@AxB", [{ id: "dots", name: "A.B" }])).toEqual([]);
  });
});

// Names made of letters alone, distinct ignoring case; a comment mentioning some of them between plain words.
const name = fc.string({ unit: fc.constantFrom("a", "b", "c", "A", "é", "ß"), minLength: 1, maxLength: 6 });
const members = fc
  .uniqueArray(name, { minLength: 1, maxLength: 6, selector: (n) => n.toLowerCase() })
  .map((names) => names.map((n, i) => ({ id: `u${i}`, name: n })));
const filler = fc.string({ unit: fc.constantFrom("x", " ", ",", "\n", "!"), maxLength: 8 });

describe("findMentions (properties)", () => {
  it("finds exactly the members mentioned, each once, in order", () => {
    fc.assert(
      fc.property(
        members.chain((list) =>
          fc.tuple(fc.constant(list), fc.array(fc.tuple(fc.nat({ max: list.length - 1 }), fc.boolean(), filler), { maxLength: 8 })),
        ),
        ([list, picks]) => {
          // Each mention is followed by a separator that ends the word, so no other name can read there.
          const body = picks
            .map(([index, isUpper, text]) => {
              const member = list[index]!;
              return ` @${isUpper ? member.name.toUpperCase() : member.name} ${text}`;
            })
            .join("");
          const expected = [...new Set(picks.map(([index]) => list[index]!.id))];
          // ß upper-cases to SS, which is another name: compare only where case mapping keeps the name.
          const isExact = picks.every(([index, isUpper]) => !isUpper || !list[index]!.name.includes("ß"));
          if (isExact) expect(findMentions(body, list)).toEqual(expected);
        },
      ),
    );
  });

  it("only ever names members whose name follows an @ in the text", () => {
    fc.assert(
      fc.property(members, fc.string({ maxLength: 60 }), (list, body) => {
        const lower = body.toLowerCase();
        for (const id of findMentions(body, list)) {
          const member = list.find((m) => m.id === id)!;
          expect(lower).toContain(`@${member.name.toLowerCase()}`);
        }
      }),
    );
  });
});
