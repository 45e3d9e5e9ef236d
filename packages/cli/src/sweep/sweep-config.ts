/**
 * The tasks of a decoder sweep (Sinter's `sinter collect` over a grid of circuits): one rotated
 * surface-code memory experiment per (distance, p), with rounds = d or a fixed count, and what
 * identifies each task in a Sinter CSV — its `json_metadata` and its `strong_id`.
 *
 * Sinter's strong id (glue/sample/src/sinter/_data/_task.py, `Task.strong_id_value`) is the
 * SHA-256 of `json.dumps({"circuit", "decoder", "decoder_error_model", "postselection_mask",
 * "json_metadata"})` — Python's default separators, keys in that order. We build the same text
 * from our circuit and DEM printouts, so a task's id changes whenever the circuit, the DEM (a
 * fix in error analysis) or the decoder changes, and rows of an old run are never mixed into a
 * different task on resume.
 */
import type { NoiseProfileName } from '@verilab/qec';
import { pythonFloatRepr } from '@verilab/core';

/**
 * The decoders `verilab collect` can run: our exact MWPM decoder (PyMatching's problem), and the
 * same with two-pass correlated matching (PyMatching 2.4's `enable_correlations`, Sinter's
 * `pymatching-correlated`).
 */
export const SWEEP_DECODERS = ['matching', 'matching-correlated'] as const;
export type SweepDecoder = (typeof SWEEP_DECODERS)[number];

/** `d` ties the rounds to the distance (the usual threshold experiment); a number fixes them. */
export type RoundsRule = 'd' | number;

export interface SweepConfig {
  readonly distance: number;
  readonly rounds: number;
  readonly p: number;
  readonly basis: 'Z' | 'X';
  readonly noise: NoiseProfileName;
  readonly decoder: SweepDecoder;
}

export interface SweepGrid {
  readonly distances: readonly number[];
  readonly ps: readonly number[];
  readonly rounds: RoundsRule;
  readonly basis: 'Z' | 'X';
  readonly noise: NoiseProfileName;
  readonly decoder: SweepDecoder;
}

/**
 * A task from a circuit file, as `sinter collect --circuits FILE...` takes them: the circuit's
 * text and the json_metadata read from the file's name (see `metadataFromFileName`).
 */
export interface CircuitFileConfig {
  readonly kind: 'circuit-file';
  readonly path: string;
  readonly circuit: string;
  readonly metadata: PyJson;
  readonly decoder: SweepDecoder;
}

/** What `verilab collect` runs: grid points and circuit files alike. */
export type CollectConfig = SweepConfig | CircuitFileConfig;

export function isCircuitFile(config: CollectConfig): config is CircuitFileConfig {
  return 'kind' in config && config.kind === 'circuit-file';
}

/** The json_metadata written with the task's rows. */
export function taskMetadata(config: CollectConfig): PyJson {
  return isCircuitFile(config) ? config.metadata : { ...sweepMetadata(config) };
}

/**
 * Sinter's `--metadata_func auto` (`sinter.comma_separated_key_values`): the file name without
 * its extension (up to the last dot), split at commas into `key=value` terms; values that read
 * as decimal integers or floats become numbers. `d=5,p=0.001,r=5.stim` gives {d: 5, p: 0.001,
 * r: 5}, which `plot` places.
 */
export function metadataFromFileName(path: string): { [key: string]: PyJson } {
  const base = path.split(/[\\/]/).pop() ?? path;
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  const metadata: { [key: string]: PyJson } = {};
  for (const term of stem.split(',')) {
    const parts = term.split('=');
    if (parts.length !== 2) throw new Error(`"${base}": expected comma-separated key=value terms in the file name, e.g. d=5,p=0.001.stim`);
    const [key, text] = parts as [string, string];
    metadata[key] = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : text;
  }
  return metadata;
}

/** Every (distance, p) of the grid, distance-major in the order given, duplicates dropped. */
export function expandSweep(grid: SweepGrid): SweepConfig[] {
  const configs: SweepConfig[] = [];
  for (const distance of new Set(grid.distances)) {
    for (const p of new Set(grid.ps)) {
      const rounds = grid.rounds === 'd' ? distance : grid.rounds;
      configs.push({ distance, rounds, p, basis: grid.basis, noise: grid.noise, decoder: grid.decoder });
    }
  }
  return configs;
}

/** The task's `json_metadata`: what a plot needs to place it (Sinter leaves the keys to the user). */
export interface SweepMetadata {
  readonly basis: 'Z' | 'X';
  readonly d: number;
  readonly noise: string;
  readonly p: number;
  readonly r: number;
}

export function sweepMetadata(config: SweepConfig): SweepMetadata {
  return { basis: config.basis, d: config.distance, noise: config.noise, p: config.p, r: config.rounds };
}

/** Reads a row's metadata back; undefined when it is not a sweep task of ours (or Sinter's with d, p, r). */
export function readSweepMetadata(value: unknown): SweepMetadata | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const { d, p, r } = record;
  if (typeof d !== 'number' || typeof p !== 'number' || typeof r !== 'number') return undefined;
  const basis = record['basis'] === 'X' ? 'X' : 'Z';
  const noise = typeof record['noise'] === 'string' ? record['noise'] : 'unknown';
  return { basis, d, noise, p, r };
}

/** A JSON value as Python's `json` module writes it (floats in Python's repr). */
export type PyJson = null | boolean | number | string | readonly PyJson[] | { readonly [key: string]: PyJson };

/**
 * Python's `json.dumps(value)` (default: ", " and ": " separators, ASCII only, keys in insertion
 * order) or, with `compact`, `json.dumps(value, separators=(",", ":"), sort_keys=True)` — the
 * form Sinter writes into the CSV's json_metadata column. Integral numbers print as ints; others
 * with Python's float repr (`1e-05`, not JavaScript's `0.00001`).
 */
export function pythonJsonDumps(value: PyJson, compact = false): string {
  const [comma, colon] = compact ? [',', ':'] : [', ', ': '];
  const dump = (v: PyJson): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pythonFloatRepr(v);
    if (typeof v === 'string') return pythonString(v);
    if (Array.isArray(v)) return `[${v.map(dump).join(comma)}]`;
    const record = v as { readonly [key: string]: PyJson };
    const keys = Object.keys(record);
    if (compact) keys.sort();
    return `{${keys.map((k) => `${pythonString(k)}${colon}${dump(record[k]!)}`).join(comma)}}`;
  };
  return dump(value);
}

/** A JSON string with Python's escapes: non-ASCII as \uXXXX (ensure_ascii), controls as \n, \t… */
function pythonString(text: string): string {
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The text Sinter hashes (SHA-256, UTF-8) into a task's strong id. */
export function strongIdText(task: {
  readonly circuit: string;
  readonly decoder: string;
  readonly dem: string;
  readonly metadata: PyJson;
}): string {
  return pythonJsonDumps({
    circuit: task.circuit,
    decoder: task.decoder,
    decoder_error_model: task.dem,
    postselection_mask: null,
    json_metadata: task.metadata,
  });
}
