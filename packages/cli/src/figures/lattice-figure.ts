/**
 * Drawings of a Qubit-Medic episode on its lattice, as hand-written SVG: a snapshot of one
 * round (data qubits, X and Z stabilisers, that round's detection events, optionally the true
 * error and the decoder's frame), an animation over the rounds (SMIL `<animate>`, which
 * browsers play and static renderers show at its first frame), and a film strip of every round
 * (the animation as a still, for PNG).
 *
 * Round t holds detectors with time coordinate t: t = 0 compares the first measurement with
 * the preparation, t = rounds is the final check from the data-qubit measurements (Stim's
 * rotated memory circuits; see @verilab/qubit-medic code-layout).
 */
import { latticeGeometry, type DataFrame, type LatticeGeometry } from '@verilab/qubit-medic';
import { eventsInRound, type EpisodeSnapshot } from './episode-snapshot.ts';
import { escapeXml, FONT_FAMILY } from './svg-render.ts';

export interface FrameOptions {
  /** Mark the true accumulated error on the data qubits. */
  readonly showTrue: boolean;
  /** Ring the data qubits of the matching decoder's frame. */
  readonly showDecoder: boolean;
}

const COLORS = {
  X: { fill: '#f6c6c0', stroke: '#c0392b' },
  Z: { fill: '#c9ddf0', stroke: '#2e6da4' },
  event: '#ffb000',
  pauli: { X: '#d62728', Z: '#1f77b4', Y: '#8e44ad' },
} as const;
const HEADER = 64;
const LEGEND = 56;
const MIN_WIDTH = 560;

/** The round with the most detection events (the earliest of equals): a snapshot's default. */
export function busiestRound(snapshot: EpisodeSnapshot): number {
  let best = 0;
  let bestCount = -1;
  for (let t = 0; t <= snapshot.layout.rounds; t++) {
    const count = eventsInRound(snapshot, t).length;
    if (count > bestCount) [best, bestCount] = [t, count];
  }
  return best;
}

const pauliOf = (frame: DataFrame, id: number): 'X' | 'Y' | 'Z' | undefined => {
  const x = frame.x.includes(id);
  const z = frame.z.includes(id);
  return x && z ? 'Y' : x ? 'X' : z ? 'Z' : undefined;
};

/** Stabilisers, then events of one round (when given), then qubits and frames: one lattice. */
function latticeLayers(g: LatticeGeometry, snapshot: EpisodeSnapshot, frames: FrameOptions): { plaquettes: string; qubits: string } {
  const plaquettes = g.plaquettes
    .map((p) => `<path class="stabilizer stabilizer-${p.type}" data-stabilizer="${p.stabilizer}" d="${p.path}" fill="${COLORS[p.type].fill}" stroke="${COLORS[p.type].stroke}" stroke-width="1"/>`)
    .join('');
  const r = g.unit * 0.32;
  const qubits = g.data
    .map((q, id) => {
      const truth = frames.showTrue ? pauliOf(snapshot.trueFrame, id) : undefined;
      const decoded = frames.showDecoder ? pauliOf(snapshot.decoderFrame, id) : undefined;
      const ring =
        decoded === undefined
          ? ''
          : `<circle class="decoder-frame" data-qubit="${id}" data-pauli="${decoded}" cx="${q.x}" cy="${q.y}" r="${r * 1.55}" fill="none" stroke="${COLORS.pauli[decoded]}" stroke-width="2.2" stroke-dasharray="4 2.5"/>`;
      const fill = truth === undefined ? 'white' : COLORS.pauli[truth];
      const mark = truth === undefined ? '' : ` class="true-frame" data-pauli="${truth}"`;
      return (
        `${ring}<g${mark} data-qubit="${id}"><circle class="data-qubit" cx="${q.x}" cy="${q.y}" r="${r}" fill="${fill}" stroke="#333" stroke-width="1.2"/>` +
        `<text x="${q.x}" y="${q.y}" dy="0.35em" text-anchor="middle" font-size="${Math.round(g.unit * 0.34)}" fill="${truth === undefined ? '#333' : 'white'}">${id}</text></g>`
      );
    })
    .join('');
  return { plaquettes, qubits };
}

/** The detection events of one round: the plaquette outlined and its measurement qubit marked. */
function eventLayer(g: LatticeGeometry, stabilizers: readonly number[]): string {
  return stabilizers
    .map((s) => {
      const p = g.plaquettes[s]!;
      return (
        `<path class="event-outline" d="${p.path}" fill="none" stroke="#111" stroke-width="3"/>` +
        `<circle class="event" data-stabilizer="${s}" cx="${p.ancilla.x}" cy="${p.ancilla.y}" r="${g.unit * 0.3}" fill="${COLORS.event}" stroke="#111" stroke-width="1.2"/>`
      );
    })
    .join('');
}

function legend(y: number, width: number, frames: FrameOptions): string {
  const items: [shape: string, label: string][] = [
    [`<rect x="0" y="-8" width="16" height="16" fill="${COLORS.X.fill}" stroke="${COLORS.X.stroke}"/>`, 'X stabiliser'],
    [`<rect x="0" y="-8" width="16" height="16" fill="${COLORS.Z.fill}" stroke="${COLORS.Z.stroke}"/>`, 'Z stabiliser'],
    [`<circle cx="8" r="7" fill="${COLORS.event}" stroke="#111"/>`, 'detection event'],
  ];
  if (frames.showTrue) items.push([`<circle cx="8" r="7" fill="${COLORS.pauli.X}" stroke="#333"/>`, 'true error (X red, Z blue, Y purple)']);
  if (frames.showDecoder) items.push([`<circle cx="8" r="9" fill="none" stroke="#333" stroke-width="2" stroke-dasharray="4 2.5"/>`, 'decoder frame (dashed ring)']);
  // Flow left to right, wrapping; DejaVu Sans at 12 px averages under 7 px per character.
  let x = 16;
  let row = 0;
  return items
    .map(([shape, label]) => {
      const itemWidth = 34 + label.length * 7;
      if (x + itemWidth > width && x > 16) [x, row] = [16, row + 1];
      const item = `<g class="legend" transform="translate(${x},${y + 14 + row * 22})">${shape}<text x="22" dy="0.35em">${escapeXml(label)}</text></g>`;
      x += itemWidth;
      return item;
    })
    .join('');
}

function describeLevel(snapshot: EpisodeSnapshot): string {
  const { level } = snapshot;
  return `${level.name}: d=${level.distance}, r=${level.rounds}, p=${level.p}, ${level.noise}, ${level.basis} memory, seed ${snapshot.seed}`;
}

function flips(snapshot: EpisodeSnapshot, frames: FrameOptions): string {
  return frames.showTrue || frames.showDecoder
    ? ` · observable flip: actual ${snapshot.actualObservableFlip}, decoder ${snapshot.decoderObservableFlip}`
    : '';
}

function svgRoot(width: number, height: number, body: string, attributes = ''): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}" font-size="12"${attributes}>` +
    `<rect width="100%" height="100%" fill="white"/>${body}</svg>\n`
  );
}

const header = (title: string, subtitle: string) =>
  `<text class="title" x="16" y="26" font-size="15" font-weight="bold">${escapeXml(title)}</text><text class="subtitle" x="16" y="46" font-size="11" fill="#555">${escapeXml(subtitle)}</text>`;

/** One round of an episode on its lattice. */
export function latticeFigure(snapshot: EpisodeSnapshot, options: FrameOptions & { readonly round: number }): string {
  const { rounds } = snapshot.layout;
  if (!Number.isInteger(options.round) || options.round < 0 || options.round > rounds) {
    throw new RangeError(`round must be an integer from 0 to ${rounds} (the final data-qubit check), got ${options.round}`);
  }
  const g = latticeGeometry(snapshot.layout);
  const width = Math.max(MIN_WIDTH, g.width);
  const events = eventsInRound(snapshot, options.round);
  const { plaquettes, qubits } = latticeLayers(g, snapshot, options);
  const subtitle = `round ${options.round} of 0–${rounds}${options.round === rounds ? ' (final data-qubit check)' : ''}: ${events.length} detection event${events.length === 1 ? '' : 's'}${flips(snapshot, options)}`;
  const body =
    header(describeLevel(snapshot), subtitle) +
    `<g class="lattice" data-round="${options.round}" transform="translate(${(width - g.width) / 2},${HEADER})">${plaquettes}${eventLayer(g, events)}${qubits}</g>` +
    legend(HEADER + g.height, width, options);
  return svgRoot(width, HEADER + g.height + LEGEND, body);
}

/**
 * The episode's detection events round by round, looping: each round's events are a group
 * shown for `secondsPerRound` by a discrete SMIL animation of its opacity. Round 0 is visible
 * before animation starts, so static renderers show it.
 */
export function syndromeAnimation(snapshot: EpisodeSnapshot, options: FrameOptions & { readonly secondsPerRound: number }): string {
  const { rounds } = snapshot.layout;
  const frames = rounds + 1;
  const duration = frames * options.secondsPerRound;
  const g = latticeGeometry(snapshot.layout);
  const width = Math.max(MIN_WIDTH, g.width);
  const { plaquettes, qubits } = latticeLayers(g, snapshot, options);
  const at = (t: number) => String(Number((t / frames).toFixed(6)));
  const roundGroups = Array.from({ length: frames }, (_, t) => {
    const events = eventsInRound(snapshot, t);
    // Discrete keyTimes: value i holds from keyTimes[i] to keyTimes[i + 1] (SMIL calcMode="discrete").
    const [values, keyTimes] =
      t === 0 ? ['1;0', `0;${at(1)}`] : t === rounds ? ['0;1', `0;${at(t)}`] : ['0;1;0', `0;${at(t)};${at(t + 1)}`];
    const label = `round ${t} of 0–${rounds}${t === rounds ? ' (final data-qubit check)' : ''}: ${events.length} detection event${events.length === 1 ? '' : 's'}`;
    return (
      `<g class="round" data-round="${t}" opacity="${t === 0 ? 1 : 0}">` +
      `<animate attributeName="opacity" values="${values}" keyTimes="${keyTimes}" calcMode="discrete" dur="${duration}s" repeatCount="indefinite"/>` +
      `<text class="round-label" x="16" y="${HEADER - 18}" font-size="11" fill="#555">${escapeXml(label)}</text>` +
      `<g transform="translate(${(width - g.width) / 2},${HEADER})">${eventLayer(g, events)}</g></g>`
    );
  }).join('');
  const body =
    `<text class="title" x="16" y="26" font-size="15" font-weight="bold">${escapeXml(describeLevel(snapshot))}</text>` +
    `<g class="lattice" transform="translate(${(width - g.width) / 2},${HEADER})">${plaquettes}</g>` +
    roundGroups +
    `<g transform="translate(${(width - g.width) / 2},${HEADER})">${qubits}</g>` +
    legend(HEADER + g.height, width, options);
  return svgRoot(width, HEADER + g.height + LEGEND, body, ` data-rounds="${frames}" data-seconds-per-round="${options.secondsPerRound}"`);
}

/** Every round side by side (the animation's frames as one still, for PNG). */
export function syndromeFilmstrip(snapshot: EpisodeSnapshot, options: FrameOptions): string {
  const { rounds } = snapshot.layout;
  const g = latticeGeometry(snapshot.layout);
  const columns = Math.min(rounds + 1, 4);
  const cellHeight = g.height + 22;
  const width = Math.max(MIN_WIDTH, columns * g.width);
  const { plaquettes, qubits } = latticeLayers(g, snapshot, options);
  const cells = Array.from({ length: rounds + 1 }, (_, t) => {
    const x = (t % columns) * g.width;
    const y = HEADER + Math.floor(t / columns) * cellHeight;
    const events = eventsInRound(snapshot, t);
    return (
      `<text x="${x + 12}" y="${y + 14}" font-size="11">round ${t}: ${events.length} event${events.length === 1 ? '' : 's'}</text>` +
      `<g class="lattice" data-round="${t}" transform="translate(${x},${y + 20})">${plaquettes}${eventLayer(g, events)}${qubits}</g>`
    );
  }).join('');
  const height = HEADER + Math.ceil((rounds + 1) / columns) * cellHeight;
  const body = header(describeLevel(snapshot), `detection events round by round, 0–${rounds}${flips(snapshot, options)}`) + cells + legend(height, width, options);
  return svgRoot(width, height + LEGEND, body);
}
