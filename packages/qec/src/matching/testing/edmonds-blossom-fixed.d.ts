// Types for the test oracle `edmonds-blossom-fixed` (a devDependency; a JavaScript port of van
// Rantwijk's mwmatching.py): edges as [u, v, weight], returns mate[v] (−1 when unmatched).
declare module 'edmonds-blossom-fixed' {
  export default function blossom(edges: [number, number, number][], maxCardinality?: boolean): number[];
}
