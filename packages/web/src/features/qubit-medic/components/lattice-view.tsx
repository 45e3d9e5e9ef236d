import type { DataFrame, LatticeGeometry } from '@verilab/qubit-medic';
import { memo, type KeyboardEvent } from 'react';
import { pauliAt, type Pauli, type PauliAt } from '../utils/answer-frame.ts';

/**
 * The rotated surface code as SVG: X and Z plaquettes (detection events of the current round
 * lit), data qubits labelled with their LLM ids and coloured by the answer's Pauli, and
 * optional rings for the decoder's frame and the true error. Rings are drawn over a dark halo
 * so they stand out on a lit (amber) plaquette; a lit plaquette keeps its X/Z type as a
 * coloured border. Each qubit is a button a keyboard can reach: Enter or Space toggles the
 * chosen Pauli, X or Z toggles that one.
 */
export const PAULI_COLORS: Record<PauliAt, string> = { I: '#e2e8f0', X: '#f43f5e', Z: '#0ea5e9', Y: '#10b981' };
const PLAQUETTE_FILL = { X: 'rgba(244, 63, 94, 0.3)', Z: 'rgba(14, 165, 233, 0.28)' } as const;
/** The plaquettes' type colours at full strength (borders of lit plaquettes, legend swatches). */
export const STABILIZER_COLORS = { X: '#fb7185', Z: '#38bdf8' } as const;
const HALO = '#020617';
export const DECODER_COLOR = '#c084fc';
export const TRUTH_COLOR = '#facc15';
const FIRED_FILL = '#f59e0b';
/** The panel the lattice sits on (Tailwind slate-900). */
const PANEL_BACKGROUND = '#0f172a';

export interface LatticeViewProps {
  readonly geometry: LatticeGeometry;
  readonly names: readonly string[];
  /** Stabilisers with a detector in the shown round, and those whose detector fired. */
  readonly watched: ReadonlySet<number>;
  readonly fired: ReadonlySet<number>;
  readonly answer: DataFrame;
  readonly decoderFrame?: DataFrame | undefined;
  readonly trueFrame?: DataFrame | undefined;
  /** Toggles an error on a qubit: `pauli` when a key named it, else the chosen brush. */
  readonly onQubit?: ((id: number, pauli?: Pauli) => void) | undefined;
  /** 1 fits the column; more enlarges the drawing inside a box that scrolls (pans) both ways. */
  readonly zoom?: number;
}

function qubitKey(event: KeyboardEvent, id: number, onQubit: (id: number, pauli?: Pauli) => void): void {
  const key = event.key.toUpperCase();
  if (key === 'ENTER' || key === ' ') onQubit(id);
  else if (key === 'X' || key === 'Z') onQubit(id, key);
  else return;
  event.preventDefault();
}

export function LatticeView({ geometry, names, watched, fired, answer, decoderFrame, trueFrame, onQubit, zoom = 1 }: LatticeViewProps) {
  const { width, height } = geometry;
  // Small codes stay compact; larger ones use the column's width so labels stay readable.
  const maxWidth = `${Math.min(60, Math.max(30, width / 20))}rem`;
  const viewBox = `0 0 ${width} ${height}`;
  // Three stacked drawings, each its own compositing layer: a round step repaints the dimming
  // (one path) and the few plaquettes whose events change, a click the qubit it changed, and
  // never the whole lattice (at d = 15 that repaint alone was ~90 ms on a loaded machine).
  return (
    <div data-testid="lattice-box" className="max-h-[80vh] max-w-full overflow-auto">
      <div
        data-testid="lattice"
        role="group"
        aria-label="surface code lattice"
        className="relative mx-auto w-full"
        style={zoom === 1 ? { maxWidth } : { width: `${zoom * 100}%`, maxWidth: 'none' }}
      >
        <svg viewBox={viewBox} className="block h-auto w-full">
          <Plaquettes geometry={geometry} names={names} fired={fired} />
        </svg>
        <svg viewBox={viewBox} aria-hidden="true" className="pointer-events-none absolute inset-0 h-full w-full" style={{ willChange: 'transform' }}>
          <Dimming geometry={geometry} watched={watched} fired={fired} />
        </svg>
        <svg viewBox={viewBox} className="absolute inset-0 h-full w-full" style={{ willChange: 'transform' }}>
          {geometry.data.map((q, id) => (
            <Qubit
              key={id}
              id={id}
              x={q.x}
              y={q.y}
              unit={geometry.unit}
              pauli={pauliAt(answer, id)}
              decoded={decoderFrame === undefined ? 'I' : pauliAt(decoderFrame, id)}
              truth={trueFrame === undefined ? 'I' : pauliAt(trueFrame, id)}
              onQubit={onQubit}
            />
          ))}
        </svg>
      </div>
    </div>
  );
}

interface QubitProps {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly unit: number;
  readonly pauli: PauliAt;
  readonly decoded: PauliAt;
  readonly truth: PauliAt;
  readonly onQubit: LatticeViewProps['onQubit'];
}

/** One data qubit; memoised, so a click redraws only the qubit it changed (a d = 15 code has 225). */
const Qubit = memo(function Qubit({ id, x, y, unit, pauli, decoded, truth, onQubit }: QubitProps) {
  const radius = unit * 0.38;
  // Tags for the decoder's and the true Pauli sit diagonally outside both rings.
  const tag = (radius + 18) * Math.SQRT1_2;
  return (
    <g
      data-qubit={id}
      data-pauli={pauli}
      role={onQubit === undefined ? undefined : 'button'}
      tabIndex={onQubit === undefined ? undefined : 0}
      aria-label={`data qubit ${id}: ${pauli}`}
      className={onQubit === undefined ? undefined : 'cursor-pointer'}
      onClick={onQubit === undefined ? undefined : () => onQubit(id)}
      onKeyDown={onQubit === undefined ? undefined : (event) => qubitKey(event, id, onQubit)}
    >
      <circle className="focus-ring" cx={x} cy={y} r={radius + 13} fill="none" stroke="none" strokeOpacity={0} strokeWidth={3} />
      {truth !== 'I' && (
        <>
          <circle cx={x} cy={y} r={radius + 9} fill="none" stroke={HALO} strokeWidth={6} />
          <circle cx={x} cy={y} r={radius + 9} fill="none" stroke={TRUTH_COLOR} strokeWidth={3} />
        </>
      )}
      {decoded !== 'I' && (
        <>
          <circle cx={x} cy={y} r={radius + 4.5} fill="none" stroke={HALO} strokeWidth={5} />
          <circle cx={x} cy={y} r={radius + 4.5} fill="none" stroke={DECODER_COLOR} strokeWidth={2.5} strokeDasharray="4 3" />
        </>
      )}
      <circle cx={x} cy={y} r={radius} fill={PAULI_COLORS[pauli]} stroke="#0f172a" strokeWidth={1.5} />
      <text x={x} y={y} textAnchor="middle" dominantBaseline="central" fontSize={unit * 0.4} fontWeight={600} fill={pauli === 'I' ? '#0f172a' : '#ffffff'} pointerEvents="none">
        {id}
      </text>
      {decoded !== 'I' && (
        <text x={x - tag} y={y - tag} textAnchor="middle" dominantBaseline="central" fontSize={unit * 0.3} fontWeight={700} fill={DECODER_COLOR} stroke={HALO} strokeWidth={3} paintOrder="stroke" pointerEvents="none">
          {decoded}
        </text>
      )}
      {truth !== 'I' && (
        <text x={x + tag} y={y - tag} textAnchor="middle" dominantBaseline="central" fontSize={unit * 0.3} fontWeight={700} fill={TRUTH_COLOR} stroke={HALO} strokeWidth={3} paintOrder="stroke" pointerEvents="none">
          {truth}
        </text>
      )}
    </g>
  );
});

/** The stabilisers, lit where the shown round's detector fired; memoised, so a click on a qubit does not redraw them. */
const Plaquettes = memo(function Plaquettes({ geometry, names, fired }: Pick<LatticeViewProps, 'geometry' | 'names' | 'fired'>) {
  return geometry.plaquettes.map((p) => {
    const isFired = fired.has(p.stabilizer);
    return (
      <g key={p.stabilizer} data-stabilizer={names[p.stabilizer]} data-fired={isFired ? 'true' : 'false'}>
        <title>{`${names[p.stabilizer] ?? ''}${isFired ? ' — detection event' : ''}`}</title>
        <path d={p.path} fill={isFired ? FIRED_FILL : PLAQUETTE_FILL[p.type]} stroke={isFired ? STABILIZER_COLORS[p.type] : '#475569'} strokeWidth={isFired ? 3 : 1} />
        <text x={p.label.x} y={p.label.y} textAnchor="middle" dominantBaseline="central" fontSize={geometry.unit * 0.32} fontWeight={isFired ? 700 : 400} fill={isFired ? '#1c1917' : '#cbd5e1'}>
          {names[p.stabilizer]}
        </text>
      </g>
    );
  });
});

/** Stabilisers with no detector in the shown round, veiled in the page's background colour (as if drawn at 45% opacity): one path. */
const Dimming = memo(function Dimming({ geometry, watched, fired }: Pick<LatticeViewProps, 'geometry' | 'watched' | 'fired'>) {
  const idle = geometry.plaquettes.filter((p) => !watched.has(p.stabilizer) && !fired.has(p.stabilizer));
  if (idle.length === 0) return null;
  return <path d={idle.map((p) => p.path).join(' ')} fill={PANEL_BACKGROUND} fillOpacity={0.55} stroke={PANEL_BACKGROUND} strokeOpacity={0.55} />;
});

export function LatticeLegend({ showDecoder, showTruth }: { showDecoder: boolean; showTruth: boolean }) {
  const dot = (color: string) => <span className="inline-block h-3 w-3 rounded-full" style={{ background: color }} />;
  const square = (type: 'X' | 'Z') => <span data-contrast-border className="inline-block h-3 w-3 border-2" style={{ background: PLAQUETTE_FILL[type], borderColor: STABILIZER_COLORS[type] }} />;
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-300">
      <span className="flex items-center gap-1">{square('X')} X stabiliser</span>
      <span className="flex items-center gap-1">{square('Z')} Z stabiliser</span>
      <span className="flex items-center gap-1">{dot(FIRED_FILL)} detection event</span>
      <span className="flex items-center gap-1">{dot(PAULI_COLORS.X)} X</span>
      <span className="flex items-center gap-1">{dot(PAULI_COLORS.Z)} Z</span>
      <span className="flex items-center gap-1">{dot(PAULI_COLORS.Y)} Y (both) in your answer</span>
      {showDecoder && <span className="flex items-center gap-1"><span data-contrast-border className="inline-block h-3 w-3 rounded-full border-2 border-dashed" style={{ borderColor: DECODER_COLOR }} /> decoder</span>}
      {showTruth && <span className="flex items-center gap-1"><span data-contrast-border className="inline-block h-3 w-3 rounded-full border-2" style={{ borderColor: TRUTH_COLOR }} /> true error</span>}
    </div>
  );
}
