/**
 * Forgiving name matching for queries: "ava nine", "Ava", "nin", "Ava Nien" all find Ava
 * Nine; accents and case do not matter; a year written as a number or a word ("9", "nine",
 * "y9") narrows the search when it is not part of a name.
 */
export const normalise = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

const YEAR_WORDS: Record<string, number> = {
  reception: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13,
};

export function yearOfToken(token: string): number | undefined {
  const t = normalise(token);
  const m = /^(?:y|yr|year)?(\d{1,2})$/.exec(t);
  if (m) return Number(m[1]);
  return YEAR_WORDS[t];
}

/** Edit distance with adjacent transpositions ("nien" is one step from "nine"). */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** How well one query token matches one name token: 3 exact, 2 prefix, 1 a typo away, 0 not at all. */
export function tokenScore(query: string, name: string): number {
  if (query === name) return 3;
  if (query.length >= 2 && name.startsWith(query)) return 2;
  if (query.length >= 4 && editDistance(query, name, 1) <= 1) return 1;
  return 0;
}

export interface NameCandidate {
  readonly names: readonly string[];
  readonly yearGroup: number;
}

/**
 * Scores a candidate against the query tokens: every name token of the query must match a
 * name; a token that matches no name but reads as a year must equal the candidate's year.
 * Returns 0 for no match.
 */
export function matchScore(queryTokens: readonly string[], c: NameCandidate): number {
  const names = c.names.flatMap((n) => {
    const t = normalise(n);
    return [...t.split(/[\s'-]+/), t.replace(/['\s-]/g, '')];
  }).filter(Boolean);
  let score = 0;
  let matchedName = false;
  for (const q of queryTokens.map((t) => normalise(t).replace(/['’]/g, ''))) {
    const best = Math.max(0, ...names.map((n) => tokenScore(q, n)));
    if (best > 0) { score += best; matchedName = true; continue; }
    const year = yearOfToken(q);
    if (year !== undefined && year === c.yearGroup) { score += 1; continue; }
    return 0;
  }
  return matchedName ? score : 0;
}

/** The name staff use for a pupil: the preferred given name, then the family name. */
export const displayName = (p: { readonly givenName: string; readonly familyName: string; readonly preferredName: string | null }) =>
  `${p.preferredName ?? p.givenName} ${p.familyName}`;
