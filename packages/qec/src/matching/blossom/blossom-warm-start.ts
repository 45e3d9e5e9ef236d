/**
 * Starting points for the blossom algorithm (blossom.ts) other than Galil's uniform one, where
 * every vertex dual equals the largest weight. The algorithm accepts any start with
 *
 * - dual feasibility: y ≥ 0 and every edge's slack y_u + y_v − 2w ≥ 0 (doubled units), and
 * - complementary slackness except at single vertices: matched edges have zero slack,
 *
 * and then runs its stages from the single vertices of positive dual as roots, each stage
 * removing one root; single vertices of zero dual already satisfy complementary slackness and
 * only end augmenting paths. So a start close to the optimum leaves little work. The roots of a
 * stage must share a parity, so that every tree vertex does and the halved S–S slacks stay
 * integers — the reason roots get even duals here.
 *
 * Used by the decoder's cluster matcher (cluster-matcher.ts): a merged group starts from its
 * parts' optimal solutions, and a fresh group from each vertex's largest weight.
 */
import type { BlossomState } from './blossom-state.ts';

/** Duals at each vertex's largest incident weight (feasible: each edge's slack is ≥ 0), nothing matched, then tightened. */
export function coldStart(state: BlossomState): void {
  const { n, m, dual, endpoint, weight } = state;
  for (let x = 0; x < n; x++) dual[x] = 0;
  for (let k = 0; k < m; k++) {
    dual[endpoint[2 * k]!] = Math.max(dual[endpoint[2 * k]!]!, weight[k]!);
    dual[endpoint[2 * k + 1]!] = Math.max(dual[endpoint[2 * k + 1]!]!, weight[k]!);
  }
  tightenSingles(state);
}

/**
 * Any duals (doubled units) and claimed matching (the edge matching each vertex, or −1), made
 * feasible: negative duals are raised to zero; each edge with negative slack gets the dual of a
 * single endpoint raised, or dual shifted along an endpoint's matched edge when the partner can
 * give it up, or else an endpoint's dual raised (raising a dual keeps every constraint
 * satisfied); matched edges that are not tight are then unmatched; finally tightened.
 */
export function warmStart(state: BlossomState, initialDual: ArrayLike<number>, initialMateEdge: ArrayLike<number>): void {
  const { n, m, endpoint, mate, dual } = state;
  for (let x = 0; x < n; x++) {
    dual[x] = Math.max(0, initialDual[x]!);
    const k = initialMateEdge[x]!;
    mate[x] = k >= 0 && k < m && endpoint[2 * k] === x ? 2 * k + 1 : k >= 0 && k < m && endpoint[2 * k + 1] === x ? 2 * k : -1;
  }
  for (let x = 0; x < n; x++) {
    const p = mate[x]!;
    if (p >= 0 && mate[endpoint[p]!] !== (p ^ 1)) mate[x] = -1; // one-sided: not a matching edge
  }
  for (let k = 0; k < m; k++) {
    const s = state.slack(k);
    if (s >= 0) continue;
    const a = endpoint[2 * k]!;
    const b = endpoint[2 * k + 1]!;
    let x = a;
    let shift = false;
    if (mate[a] !== -1) {
      if (mate[b] === -1) x = b;
      else if (canShift(state, a, -s)) shift = true;
      else if (canShift(state, b, -s)) {
        x = b;
        shift = true;
      }
    }
    dual[x]! -= s;
    if (shift) dual[endpoint[mate[x]!]!]! += s;
  }
  for (let x = 0; x < n; x++) {
    const p = mate[x]!;
    if (p >= 0 && state.slack(p >> 1) !== 0) mate[x] = mate[endpoint[p]!] = -1;
  }
  tightenSingles(state);
}

/** Whether x's partner could lower its dual by `amount` and keep every other slack at it ≥ 0. */
function canShift(state: BlossomState, x: number, amount: number): boolean {
  const { endpoint, adjStart, adj, dual } = state;
  const partner = endpoint[state.mate[x]!]!;
  if (dual[partner]! < amount) return false;
  for (let a = adjStart[partner]!; a < adjStart[partner + 1]!; a++) {
    const p = adj[a]!;
    if (endpoint[p] !== x && state.slack(p >> 1) < amount) return false;
  }
  return true;
}

/**
 * Lowers each single vertex's dual to the least its edges allow (one pass; each step keeps every
 * slack ≥ 0): at zero it needs no stage, otherwise fewer dual changes. Roots are rounded up to
 * even duals.
 */
function tightenSingles(state: BlossomState): void {
  const { n, mate, dual, adjStart, adj, weight, endpoint } = state;
  for (let x = 0; x < n; x++) {
    if (mate[x] !== -1 || dual[x] === 0) continue;
    let least = 0;
    for (let a = adjStart[x]!; a < adjStart[x + 1]!; a++) least = Math.max(least, 2 * weight[adj[a]! >> 1]! - dual[endpoint[adj[a]!]!]!);
    dual[x] = least % 2 === 0 ? least : least + 1;
  }
}
