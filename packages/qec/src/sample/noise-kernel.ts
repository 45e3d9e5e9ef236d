import type { ChannelTable } from './frame-program.ts';
import { GEOMETRIC_GAP_TABLES } from './geometric-gap.ts';
import { F64, f64Const, get, I32, i32, ifThen, ifThenElse, increment, loopUntil, memarg, OP, set, uleb128, type WasmImport } from './wasm-encoding.ts';

const { ERROR_BOUND, INVERSE_CENTER, LOG_CENTER, RELATIVE_SLACK, SCALE, TABLE_BITS, TABLE_SIZE } = GEOMETRIC_GAP_TABLES;

/**
 * The frame sampler's noise channels and gauge randomization as WebAssembly instructions, for
 * the program kernel (plane-kernels.ts) to run in place of its CHANNEL and RANDOMIZE opcodes.
 *
 * They draw exactly what the JavaScript sampler drew, in the same order: xoshiro128** (as
 * @verilab/core's Xoshiro128) with its state in four locals, doubles from two draws as its
 * nextDouble, the geometric gap of each hit as geometric-gap.ts computes it (its tables are
 * copied into memory and every operation is the same IEEE-754 double operation, which
 * WebAssembly performs exactly as JavaScript does; the rare exact fallback calls the host's
 * Math.log), then the outcome by the cumulative weights. So a seed gives the same bits as
 * before. In JavaScript this loop was half of `verilab detect`'s time at d ≥ 9: every hit paid
 * for boxed doubles and calls through the Rng interface.
 *
 * Host imports (in this order, so `call 0` and `call 1`): `draw() -> i32`, the next 32 bits of
 * an Rng other than Xoshiro128 (see DrawSource), and `log(f64) -> f64`, Math.log.
 */

/** Where the random bits come from: xoshiro128** inside the kernel, or the host's `draw` import. */
export type DrawSource = 'xoshiro' | 'host';

/** The host functions the noise instructions call, in import order (so DRAW_IMPORT is `call 0`). */
export const NOISE_IMPORTS: readonly WasmImport[] = [
  { name: 'draw', params: [], results: [I32] },
  { name: 'log', params: [F64], results: [F64] },
];
const DRAW_IMPORT = 0;
const LOG_IMPORT = 1;

// The noise tables' layout, from their first byte (8-byte aligned): the xoshiro128** state, the
// geometric gap's tables, one record per channel, then the records' arrays.
export const RNG_STATE_AT = 0;
const SCALE_AT = 16;
const INVERSE_CENTER_AT = SCALE_AT + 8 * SCALE.length;
const LOG_CENTER_AT = INVERSE_CENTER_AT + 8 * TABLE_SIZE;
const CHANNELS_AT = LOG_CENTER_AT + 8 * TABLE_SIZE;
const RECORD_BYTES = 56;
// A channel record: its ChannelTable fields, with array starts as absolute byte addresses.
const LOG_ONE_MINUS_P = 0;
const INVERSE_LOG = 8;
/** The gap's constant slack term, −ERROR_BOUND · inverseLog (geometric-gap.ts). */
const SLACK_BASE = 16;
const GROUPS = 24;
const COMPONENTS = 28;
const CUMULATIVE_AT = 32;
const SLOTS_AT = 36;
/** Bytes of a group's row of planes: slotCount + 1 of them (the last the scratch plane). */
const SLOT_BYTES = 40;
const OUTCOMES_AT = 44;
/**
 * Bytes of an outcome's list: 4 · the slots every outcome flips (the most any outcome flips,
 * the others padded with the scratch slot).
 */
const OUTCOME_BYTES = 48;

/**
 * Bytes the noise tables of `channels` take. Their slot tables differ from ChannelTable's in
 * one way, so that a hit flips a fixed number of planes without a branch: every group row has
 * one more slot, and a missing plane (−1) and that extra slot both name a scratch plane, which
 * every outcome's list is padded with.
 */
export function noiseTablesBytes(channels: ChannelTable): number {
  const count = channels.groups.length;
  let slots = 0;
  let outcomes = 0;
  for (let c = 0; c < count; c++) {
    slots += channels.groups[c]! * (channels.slotCount[c]! + 1);
    outcomes += channels.components[c]! * (channels.outcomeStride[c]! - 1);
  }
  return CHANNELS_AT + RECORD_BYTES * count + 8 * channels.cumulative.length + 4 * (slots + outcomes);
}

/**
 * Writes the noise tables of `channels` at byte `at` (a multiple of 8) of `buffer`; flips of
 * no plane go to plane `scratchPlane`, whose contents nothing reads.
 */
export function writeNoiseTables(channels: ChannelTable, buffer: ArrayBuffer, at: number, scratchPlane: number): void {
  const doubles = new Float64Array(buffer);
  const ints = new Int32Array(buffer);
  doubles.set(SCALE, (at + SCALE_AT) / 8);
  doubles.set(INVERSE_CENTER, (at + INVERSE_CENTER_AT) / 8);
  doubles.set(LOG_CENTER, (at + LOG_CENTER_AT) / 8);
  const count = channels.groups.length;
  const cumulativeAt = at + CHANNELS_AT + RECORD_BYTES * count;
  doubles.set(channels.cumulative, cumulativeAt / 8);
  let free = (cumulativeAt + 8 * channels.cumulative.length) / 4;
  for (let c = 0; c < count; c++) {
    const record = at + CHANNELS_AT + RECORD_BYTES * c;
    const logOneMinusP = channels.logOneMinusP[c]!;
    const inverseLog = 1 / logOneMinusP;
    doubles[(record + LOG_ONE_MINUS_P) / 8] = logOneMinusP;
    doubles[(record + INVERSE_LOG) / 8] = inverseLog;
    doubles[(record + SLACK_BASE) / 8] = -ERROR_BOUND * inverseLog;
    ints[(record + GROUPS) / 4] = channels.groups[c]!;
    ints[(record + COMPONENTS) / 4] = channels.components[c]!;
    ints[(record + CUMULATIVE_AT) / 4] = cumulativeAt + 8 * channels.cumulativeStart[c]!;
    const slotCount = channels.slotCount[c]!;
    ints[(record + SLOTS_AT) / 4] = 4 * free;
    ints[(record + SLOT_BYTES) / 4] = 4 * (slotCount + 1);
    for (let g = 0; g < channels.groups[c]!; g++) {
      for (let j = 0; j < slotCount; j++) {
        const plane = channels.slots[channels.slotStart[c]! + g * slotCount + j]!;
        ints[free++] = plane >= 0 ? plane : scratchPlane;
      }
      ints[free++] = scratchPlane;
    }
    // Outcome k's flips as byte offsets into a group's row (the scratch slot for padding).
    const flips = channels.outcomeStride[c]! - 1;
    ints[(record + OUTCOMES_AT) / 4] = 4 * free;
    ints[(record + OUTCOME_BYTES) / 4] = 4 * flips;
    for (let k = 0; k < channels.components[c]!; k++) {
      const list = channels.outcomeStart[c]! + k * channels.outcomeStride[c]!;
      for (let j = 0; j < flips; j++) ints[free++] = 4 * (j < channels.outcomeSlots[list]! ? channels.outcomeSlots[list + 1 + j]! : slotCount);
    }
  }
}

/** The i32 and f64 locals the noise instructions use, besides the kernel's own. */
export const NOISE_I32_LOCALS = [
  's0', 's1', 's2', 's3', 't', 'high', 'exponent', 'tableAt', 'record', 'batchShots', 'trial', 'group', 'shot', 'outcome', 'last',
  'cumulativeAt', 'slotsAt', 'slotBytes', 'outcomesAt', 'outcomeBytes', 'always', 'groupAt', 'outcomeAt', 'flip', 'flipsEnd', 'wordAt', 'bit', 'word',
] as const;
export const NOISE_F64_LOCALS = ['logOneMinusP', 'inverseLog', 'slackBase', 'trials', 'components', 'u', 'v', 'x', 'r', 'quotient', 'slack', 'gap'] as const;
type NoiseLocal = (typeof NOISE_I32_LOCALS)[number] | (typeof NOISE_F64_LOCALS)[number];

export interface NoiseInstructions {
  /** Loads the xoshiro128** state from the tables into the locals (run once on entry). */
  readonly loadRng: number[];
  /** Stores it back (run once on exit). */
  readonly storeRng: number[];
  /** Samples channel `channel` (pushed by the given instructions) over the batch. */
  channel(channel: readonly number[]): number[];
  /** XORs random words into the plane at byte `planeAt` (pushed by the given instructions), word by word. */
  randomize(planeAt: readonly number[]): number[];
}

/**
 * The noise instructions for a kernel whose locals are `local(name)`, over planes of
 * `planeBytes` bytes at byte 0 (both the kernel's locals) and noise tables at byte `tablesAt`.
 */
export function noiseInstructions(local: (name: NoiseLocal) => number, planeBytes: number, tablesAt: number, draw: DrawSource): NoiseInstructions {
  const [s0, s1, s2, s3, t] = (['s0', 's1', 's2', 's3', 't'] as const).map(local) as [number, number, number, number, number];
  const xor = (into: number, from: number) => [...get(into), ...get(from), OP.i32Xor, ...set(into)];
  /** xoshiro128**'s next(), leaving its 32 bits on the stack (see @verilab/core's Xoshiro128). */
  const nextUint32 =
    draw === 'host'
      ? [OP.call, DRAW_IMPORT]
      : [
          ...get(s1), ...i32(5), OP.i32Mul, ...i32(7), OP.i32Rotl, ...i32(9), OP.i32Mul,
          ...get(s1), ...i32(9), OP.i32Shl, ...set(t),
          ...xor(s2, s0), ...xor(s3, s1), ...xor(s1, s2), ...xor(s0, s3), ...xor(s2, t),
          ...get(s3), ...i32(11), OP.i32Rotl, ...set(s3),
        ];
  /** nextDouble(): (high 21 bits of one draw · 2^32 + the next draw) / 2^53, into `into` (· 2^-53: the same double). */
  const nextDouble = (into: number) => [
    ...nextUint32, ...i32(11), OP.i32ShrU, OP.f64ConvertI32U, ...f64Const(2 ** 32), OP.f64Mul,
    ...nextUint32, OP.f64ConvertI32U, OP.f64Add, ...f64Const(2 ** -53), OP.f64Mul, ...set(into),
  ];
  const [logOneMinusP, inverseLog, slackBase, trials, components, u, v, x, r, quotient, slack, gap] = NOISE_F64_LOCALS.map(local);
  const [high, exponent, tableAt] = (['high', 'exponent', 'tableAt'] as const).map(local) as [number, number, number];
  const tables = get(tablesAt);
  /** gap = geometricGapOf(x, logOneMinusP, inverseLog), operation for operation (geometric-gap.ts). */
  const geometricGap = [
    ...get(x), OP.i64ReinterpretF64, OP.i64Const, 32, OP.i64ShrU, OP.i32WrapI64, ...set(high),
    ...get(high), ...i32(20), OP.i32ShrU, ...i32(1023), OP.i32Sub, ...set(exponent),
    ...get(high), ...i32(20 - TABLE_BITS), OP.i32ShrU, ...i32(TABLE_SIZE - 1), OP.i32And, ...i32(3), OP.i32Shl, ...tables, OP.i32Add, ...set(tableAt),
    // r = x · SCALE[-exponent & 63] · INVERSE_CENTER[j] − 1
    ...get(x), ...i32(0), ...get(exponent), OP.i32Sub, ...i32(63), OP.i32And, ...i32(3), OP.i32Shl, ...tables, OP.i32Add,
    OP.f64Load, ...memarg(3, SCALE_AT), OP.f64Mul, ...get(tableAt), OP.f64Load, ...memarg(3, INVERSE_CENTER_AT), OP.f64Mul,
    ...f64Const(1), OP.f64Sub, ...set(r),
    // estimate = exponent · ln 2 + LOG_CENTER[j] + r · (1 − r · (½ − r · (⅓ − r · ¼))); quotient = estimate · inverseLog
    ...get(exponent), OP.f64ConvertI32S, ...f64Const(Math.LN2), OP.f64Mul, ...get(tableAt), OP.f64Load, ...memarg(3, LOG_CENTER_AT), OP.f64Add,
    ...get(r), ...f64Const(1), ...get(r), ...f64Const(0.5), ...get(r), ...f64Const(1 / 3), ...get(r), ...f64Const(0.25), OP.f64Mul,
    OP.f64Sub, OP.f64Mul, OP.f64Sub, OP.f64Mul, OP.f64Sub, OP.f64Mul, OP.f64Add,
    ...get(inverseLog), OP.f64Mul, ...set(quotient),
    // slack = −ERROR_BOUND · inverseLog (the channel's slackBase) + |quotient| · RELATIVE_SLACK
    ...get(slackBase), ...get(quotient), OP.f64Abs, ...f64Const(RELATIVE_SLACK), OP.f64Mul, OP.f64Add, ...set(slack),
    ...get(quotient), ...get(slack), OP.f64Sub, OP.f64Floor, OP.localTee, ...uleb128(gap),
    ...get(quotient), ...get(slack), OP.f64Add, OP.f64Floor, OP.f64Ne,
    ...ifThen([...get(x), OP.call, LOG_IMPORT, ...get(logOneMinusP), OP.f64Div, OP.f64Floor, ...set(gap)]),
  ];
  const [record, batchShots, trial, group, shot, outcome, last, cumulativeAt] = (
    ['record', 'batchShots', 'trial', 'group', 'shot', 'outcome', 'last', 'cumulativeAt'] as const
  ).map(local);
  const [slotsAt, slotBytes, outcomesAt, outcomeBytes, always] = (['slotsAt', 'slotBytes', 'outcomesAt', 'outcomeBytes', 'always'] as const).map(local);
  const [groupAt, outcomeAt, flip, flipsEnd, wordAt, bit, word] = (['groupAt', 'outcomeAt', 'flip', 'flipsEnd', 'wordAt', 'bit', 'word'] as const).map(local);
  const field = (offset: number) => [...get(record), OP.i32Load, ...memarg(2, offset)];
  const doubleField = (offset: number) => [...get(record), OP.f64Load, ...memarg(3, offset)];
  const cumulative = (index: readonly number[]) => [...get(cumulativeAt), ...index, ...i32(3), OP.i32Shl, OP.i32Add, OP.f64Load, ...memarg(3)];
  /**
   * The outcome of a hit whose draw is `v`: the first k with v < cumulative[k] (the last if
   * none), stepping from where v lands if the weights are equal, as the JavaScript sampler did.
   */
  const pickOutcome = [
    ...get(v), ...get(components), OP.f64Mul, OP.i32TruncF64U, ...set(outcome),
    ...get(last), ...get(outcome), ...get(last), ...get(outcome), OP.i32LtS, OP.select, ...set(outcome),
    ...loopUntil([...get(outcome), OP.i32Eqz, ...get(v), ...cumulative([...get(outcome), ...i32(-1), OP.i32Add]), OP.f64Ge, OP.i32Or], increment(outcome, i32(-1))),
    ...loopUntil([...get(outcome), ...get(last), OP.i32GeS, ...get(v), ...cumulative(get(outcome)), OP.f64Lt, OP.i32Or], increment(outcome, i32(1))),
  ];
  // Flip the outcome's slots of the hit's group (the same count for every outcome of the
  // channel, so the loop's branch is predictable): plane · planeBytes + the shot's word.
  const flipSlots = [
    ...get(outcomeAt), ...set(flip), ...get(outcomeAt), ...get(outcomeBytes), OP.i32Add, ...set(flipsEnd),
    ...loopUntil([...get(flip), ...get(flipsEnd), OP.i32Eq], [
      ...get(groupAt), ...get(flip), OP.i32Load, ...memarg(2), OP.i32Add, OP.i32Load, ...memarg(2),
      ...get(planeBytes), OP.i32Mul, ...get(wordAt), OP.i32Add, ...set(word),
      ...get(word), ...get(word), OP.i32Load, ...memarg(2), ...get(bit), OP.i32Xor, OP.i32Store, ...memarg(2),
      ...increment(flip, i32(4)),
    ]),
  ];
  /** gap = the next hit's gap: 0 when p ≥ 1 (no draw), else geometricGap of 1 − nextDouble. */
  const nextGap = [
    ...get(always),
    ...ifThenElse([...f64Const(0), ...set(gap)], [...nextDouble(u), ...f64Const(1), ...get(u), OP.f64Sub, ...set(x), ...geometricGap]),
  ];
  const channel = (index: readonly number[]) => [
    ...tables, ...index, ...i32(RECORD_BYTES), OP.i32Mul, OP.i32Add, ...i32(CHANNELS_AT), OP.i32Add, ...set(record),
    ...doubleField(LOG_ONE_MINUS_P), ...set(logOneMinusP), ...doubleField(INVERSE_LOG), ...set(inverseLog), ...doubleField(SLACK_BASE), ...set(slackBase),
    // p ≥ 1 (logOneMinusP = −∞) fires every trial without a draw.
    ...get(logOneMinusP), ...f64Const(Number.NEGATIVE_INFINITY), OP.f64Eq, ...set(always),
    ...get(planeBytes), ...i32(3), OP.i32Shl, ...set(batchShots),
    ...field(GROUPS), ...get(batchShots), OP.i32Mul, OP.f64ConvertI32S, ...set(trials),
    ...field(COMPONENTS), OP.f64ConvertI32S, ...set(components), ...field(COMPONENTS), ...i32(-1), OP.i32Add, ...set(last),
    ...field(CUMULATIVE_AT), ...set(cumulativeAt), ...field(SLOTS_AT), ...set(slotsAt), ...field(SLOT_BYTES), ...set(slotBytes),
    ...field(OUTCOMES_AT), ...set(outcomesAt), ...field(OUTCOME_BYTES), ...set(outcomeBytes),
    ...i32(-1), ...set(trial),
    // Geometric skipping over the batch's (group, shot) trials, one gap per hit: trial += 1 + gap.
    // Software-pipelined: each turn draws the hit's outcome and the next gap (the order the
    // JavaScript sampler drew them in) before flipping the hit's planes, so the next gap's long
    // chain of dependent operations overlaps this hit's division and memory accesses.
    ...nextGap,
    // Leave once trial + 1 + gap ≥ trials (in doubles: the gap may exceed any int32).
    ...loopUntil([...get(trial), OP.f64ConvertI32S, ...f64Const(1), ...get(gap), OP.f64Add, OP.f64Add, ...get(trials), OP.f64Ge], [
      ...get(trial), ...i32(1), OP.i32Add, ...get(gap), OP.i32TruncF64S, OP.i32Add, ...set(trial),
      ...get(last), ...i32(0), OP.i32GtS, ...ifThen(nextDouble(v)),
      ...nextGap,
      ...get(trial), ...get(batchShots), OP.i32DivU, ...set(group),
      ...get(trial), ...get(group), ...get(batchShots), OP.i32Mul, OP.i32Sub, ...set(shot),
      ...i32(0), ...set(outcome),
      ...get(last), ...i32(0), OP.i32GtS, ...ifThen(pickOutcome),
      ...get(slotsAt), ...get(group), ...get(slotBytes), OP.i32Mul, OP.i32Add, ...set(groupAt),
      ...get(outcomesAt), ...get(outcome), ...get(outcomeBytes), OP.i32Mul, OP.i32Add, ...set(outcomeAt),
      ...get(shot), ...i32(5), OP.i32ShrU, ...i32(2), OP.i32Shl, ...set(wordAt),
      ...i32(1), ...get(shot), OP.i32Shl, ...set(bit),
      ...flipSlots,
    ]),
  ];
  const randomize = (planeAt: readonly number[]) => [
    ...planeAt, ...set(word), ...get(word), ...get(planeBytes), OP.i32Add, ...set(flipsEnd),
    ...loopUntil([...get(word), ...get(flipsEnd), OP.i32Eq], [
      ...get(word), ...get(word), OP.i32Load, ...memarg(2), ...nextUint32, OP.i32Xor, OP.i32Store, ...memarg(2),
      ...increment(word, i32(4)),
    ]),
  ];
  const state = [s0, s1, s2, s3];
  return {
    loadRng: state.flatMap((s, k) => [...tables, OP.i32Load, ...memarg(2, RNG_STATE_AT + 4 * k), ...set(s)]),
    storeRng: state.flatMap((s, k) => [...tables, ...get(s), OP.i32Store, ...memarg(2, RNG_STATE_AT + 4 * k)]),
    channel,
    randomize,
  };
}
