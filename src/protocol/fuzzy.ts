// A small fuzzy scorer for the @-mention picker and the slash menu, after fzy's algorithm
// (github.com/jhawthorn/fzy, MIT): the query's characters must appear in order; matches at the start
// of a path segment or word, and runs of consecutive matches, score higher; gaps cost a little.
// It lives in the protocol layer because both sides rank with it: the host picks the best 50
// workspace paths, the webview re-ranks what it has while the next answer is on its way.

const GAP_LEADING = -0.005;
const GAP_TRAILING = -0.005;
const GAP_INNER = -0.01;
const MATCH_CONSECUTIVE = 1.0;
const MATCH_SLASH = 0.9;
const MATCH_WORD = 0.8;
const MATCH_CAPITAL = 0.7;
const MATCH_DOT = 0.6;
/** Longer queries or targets are not scored (a pasted paragraph is not a file name). */
const MAX_QUERY = 64;
const MAX_TARGET = 1024;

export interface FuzzyMatch {
  score: number;
  /** Indexes into the target of the matched characters, for highlighting. */
  positions: number[];
}

function bonusAt(target: string, j: number): number {
  if (j === 0) return MATCH_SLASH;
  const prev = target[j - 1];
  if (prev === '/' || prev === '\\') return MATCH_SLASH;
  if (prev === '-' || prev === '_' || prev === ' ') return MATCH_WORD;
  if (prev === '.') return MATCH_DOT;
  const c = target[j];
  if (prev >= 'a' && prev <= 'z' && c >= 'A' && c <= 'Z') return MATCH_CAPITAL;
  return 0;
}

/** Whether every character of the query appears in the target, in order (case-insensitive). */
export function isSubsequence(query: string, target: string): boolean {
  const q = query.toLowerCase();
  const t = target.toLowerCase();
  let i = 0;
  for (let j = 0; j < t.length && i < q.length; j++) if (q[i] === t[j]) i++;
  return i === q.length;
}

/**
 * How well `query` matches `target`, or undefined when it does not. Higher is better; an exact
 * (case-insensitive) match scores Infinity; an empty query matches everything with score 0.
 */
export function fuzzyScore(query: string, target: string): FuzzyMatch | undefined {
  const n = query.length;
  const m = target.length;
  if (n === 0) return { score: 0, positions: [] };
  if (n > MAX_QUERY || m > MAX_TARGET || n > m || !isSubsequence(query, target)) return undefined;
  if (query.toLowerCase() === target.toLowerCase()) return { score: Infinity, positions: [...Array(n).keys()] };
  const q = query.toLowerCase();
  const t = target.toLowerCase();
  const bonus = Array.from({ length: m }, (_, j) => bonusAt(target, j));
  // D[i][j]: best score with q[i] matched exactly at t[j]; M[i][j]: best score of q[0..i] within t[0..j].
  const D: Float64Array[] = [];
  const M: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const d = new Float64Array(m).fill(-Infinity);
    const row = new Float64Array(m).fill(-Infinity);
    const gap = i === n - 1 ? GAP_TRAILING : GAP_INNER;
    let prev = -Infinity;
    for (let j = 0; j < m; j++) {
      if (q[i] === t[j]) {
        let score = -Infinity;
        if (i === 0) score = j * GAP_LEADING + bonus[j];
        else if (j > 0) score = Math.max(M[i - 1][j - 1] + bonus[j], D[i - 1][j - 1] + MATCH_CONSECUTIVE);
        d[j] = score;
        prev = Math.max(score, prev + gap);
      } else {
        prev = prev + gap;
      }
      row[j] = prev;
    }
    D.push(d);
    M.push(row);
  }
  // Walk back through the tables for the positions of the best alignment.
  const positions = new Array<number>(n);
  let requireMatch = false;
  let j = m - 1;
  for (let i = n - 1; i >= 0; i--) {
    for (; j >= 0; j--) {
      if (D[i][j] !== -Infinity && (requireMatch || D[i][j] === M[i][j])) {
        requireMatch = i > 0 && j > 0 && M[i][j] === D[i - 1][j - 1] + MATCH_CONSECUTIVE;
        positions[i] = j--;
        break;
      }
    }
  }
  return { score: M[n - 1][m - 1], positions };
}

export interface Ranked<T> {
  item: T;
  score: number;
  positions: number[];
}

/**
 * The items matching `query`, best first: by score, then shorter text, then alphabetically (so the
 * order is stable for equal scores). At most `limit`.
 */
export function fuzzyRank<T>(query: string, items: readonly T[], text: (item: T) => string, limit = 50): Ranked<T>[] {
  const out: (Ranked<T> & { text: string })[] = [];
  for (const item of items) {
    const s = text(item);
    const match = fuzzyScore(query, s);
    if (match) out.push({ item, score: match.score, positions: match.positions, text: s });
  }
  out.sort((a, b) => (b.score === a.score ? a.text.length - b.text.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0) : b.score - a.score));
  return out.slice(0, limit).map(({ item, score, positions }) => ({ item, score, positions }));
}
