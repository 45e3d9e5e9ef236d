import type { ChannelTable } from './frame-program.ts';
import { ERROR_BOUND, INVERSE_CENTER, LOG_CENTER, RELATIVE_SLACK, SCALE, TABLE_BITS, TABLE_SIZE } from './geometric-gap.ts';
import { f64Const, get, i32, ifThen, ifThenElse, increment, loopUntil, memarg, OP, set, uleb128, VOID_BLOCK } from './wasm-encoding.ts';

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

export const DRAW_IMPORT = 0;
export const LOG_IMPORT = 1;

// The noise tables' layout, from their first byte (8-byte aligned): the xoshiro128** state, the
// geometric gap's tables, one record per channel, then the records' arrays.
export const RNG_STATE_AT = 0;
const SCALE_AT = 16;
const INVERSE_CENTER_AT = SCALE_AT + 8 * SCALE.length;
const LOG_CENTER_AT = INVERSE_CENTER_AT + 8 * TABLE_SIZE;
const CHANNELS_AT = LOG_CENTER_AT + 8 * TABLE_SIZE;
const RECORD_BYTES = 48;
// A channel record: its ChannelTable fields, with array starts as absolute byte addresses.
const LOG_ONE_MINUS_P = 0;
const INVERSE_LOG = 8;
const GROUPS = 16;
const COMPONENTS = 20;
const CUMULATIVE_AT = 24;
const SLOTS_AT = 28;
const SLOT_BYTES = 32;
const OUTCOMES_AT = 36;
const OUTCOME_BYTES = 40;

/** Bytes the noise tables of `channels` take. */
export function noiseTablesBytes(channels: ChannelTable): number {
  return CHANNELS_AT + RECORD_BYTES * channels.groups.length + 8 * channels.cumulative.length + 4 * (channels.slots.length + channels.outcomeSlots.length);
}

/** Writes the noise tables of `channels` at byte `at` (a multiple of 8) of `buffer`. */
export function writeNoiseTables(channels: ChannelTable, buffer: ArrayBuffer, at: number): void {
  const doubles = new Float64Array(buffer);
  const ints = new Int32Array(buffer);
  doubles.set(SCALE, (at + SCALE_AT) / 8);
  doubles.set(INVERSE_CENTER, (at + INVERSE_CENTER_AT) / 8);
  doubles.set(LOG_CENTER, (at + LOG_CENTER_AT) / 8);
  const count = channels.groups.length;
  const cumulativeAt = at + CHANNELS_AT + RECORD_BYTES * count;
  const slotsAt = cumulativeAt + 8 * channels.cumulative.length;
  const outcomesAt = slotsAt + 4 * channels.slots.length;
  doubles.set(channels.cumulative, cumulativeAt / 8);
  ints.set(channels.slots, slotsAt / 4);
  ints.set(channels.outcomeSlots, outcomesAt / 4);
  for (let c = 0; c < count; c++) {
    const record = at + CHANNELS_AT + RECORD_BYTES * c;
    const logOneMinusP = channels.logOneMinusP[c]!;
    doubles[(record + LOG_ONE_MINUS_P) / 8] = logOneMinusP;
    doubles[(record + INVERSE_LOG) / 8] = 1 / logOneMinusP;
    ints[(record + GROUPS) / 4] = channels.groups[c]!;
    ints[(record + COMPONENTS) / 4] = channels.components[c]!;
    ints[(record + CUMULATIVE_AT) / 4] = cumulativeAt + 8 * channels.cumulativeStart[c]!;
    ints[(record + SLOTS_AT) / 4] = slotsAt + 4 * channels.slotStart[c]!;
    ints[(record + SLOT_BYTES) / 4] = 4 * channels.slotCount[c]!;
    ints[(record + OUTCOMES_AT) / 4] = outcomesAt + 4 * channels.outcomeStart[c]!;
    ints[(record + OUTCOME_BYTES) / 4] = 4 * channels.outcomeStride[c]!;
  }
}

/** The i32 and f64 locals the noise instructions use, besides the kernel's own. */
export const NOISE_I32_LOCALS = [
  's0', 's1', 's2', 's3', 't', 'high', 'exponent', 'tableAt', 'record', 'trials', 'batchShots', 'trial', 'group', 'shot',
  'outcome', 'last', 'cumulativeAt', 'groupAt', 'outcomeAt', 'flips', 'wordAt', 'bit', 'plane', 'word',
] as const;
export const NOISE_F64_LOCALS = ['logOneMinusP', 'inverseLog', 'u', 'x', 'r', 'quotient', 'slack', 'gap'] as const;
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
  /** nextDouble(): (high 21 bits of one draw · 2^32 + the next draw) / 2^53, into `into`. */
  const nextDouble = (into: number) => [
    ...nextUint32, ...i32(11), OP.i32ShrU, OP.f64ConvertI32U, ...f64Const(2 ** 32), OP.f64Mul,
    ...nextUint32, OP.f64ConvertI32U, OP.f64Add, ...f64Const(2 ** 53), OP.f64Div, ...set(into),
  ];
  const [logOneMinusP, inverseLog, u, x, r, quotient, slack, gap] = NOISE_F64_LOCALS.map(local) as number[] as [number, number, number, number, number, number, number, number];
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
    // slack = −ERROR_BOUND · inverseLog + |quotient| · RELATIVE_SLACK
    ...f64Const(-ERROR_BOUND), ...get(inverseLog), OP.f64Mul, ...get(quotient), OP.f64Abs, ...f64Const(RELATIVE_SLACK), OP.f64Mul, OP.f64Add, ...set(slack),
    ...get(quotient), ...get(slack), OP.f64Sub, OP.f64Floor, OP.localTee, ...uleb128(gap),
    ...get(quotient), ...get(slack), OP.f64Add, OP.f64Floor, OP.f64Ne,
    ...ifThen([...get(x), OP.call, LOG_IMPORT, ...get(logOneMinusP), OP.f64Div, OP.f64Floor, ...set(gap)]),
  ];
  const [record, trials, batchShots, trial, group, shot, outcome, last, cumulativeAt] = (
    ['record', 'trials', 'batchShots', 'trial', 'group', 'shot', 'outcome', 'last', 'cumulativeAt'] as const
  ).map(local) as [number, number, number, number, number, number, number, number, number];
  const [groupAt, outcomeAt, flips, wordAt, bit, plane, word] = (['groupAt', 'outcomeAt', 'flips', 'wordAt', 'bit', 'plane', 'word'] as const).map(local) as [
    number, number, number, number, number, number, number,
  ];
  const field = (offset: number) => [...get(record), OP.i32Load, ...memarg(2, offset)];
  const cumulative = (index: readonly number[]) => [...get(cumulativeAt), ...index, ...i32(3), OP.i32Shl, OP.i32Add, OP.f64Load, ...memarg(3)];
  /**
   * The outcome of a hit: the first k with u < cumulative[k] (the last if none), stepping from
   * where u lands if the weights are equal, as the JavaScript sampler did.
   */
  const pickOutcome = [
    ...nextDouble(u),
    ...get(u), ...field(COMPONENTS), OP.f64ConvertI32S, OP.f64Mul, OP.i32TruncF64U, ...set(outcome),
    ...get(last), ...get(outcome), ...get(last), ...get(outcome), OP.i32LtS, OP.select, ...set(outcome),
    ...loopUntil([...get(outcome), OP.i32Eqz, ...get(u), ...cumulative([...get(outcome), ...i32(-1), OP.i32Add]), OP.f64Ge, OP.i32Or], increment(outcome, i32(-1))),
    ...loopUntil([...get(outcome), ...get(last), OP.i32GeS, ...get(u), ...cumulative(get(outcome)), OP.f64Lt, OP.i32Or], increment(outcome, i32(1))),
  ];
  // Flip the outcome's slots of the hit's group: plane · planeBytes + the shot's word.
  const flipSlots = [
    ...get(outcomeAt), OP.i32Load, ...memarg(2), ...set(flips),
    ...loopUntil([...get(flips), OP.i32Eqz], [
      ...get(groupAt), ...get(outcomeAt), ...get(flips), ...i32(2), OP.i32Shl, OP.i32Add, OP.i32Load, ...memarg(2), ...i32(2), OP.i32Shl, OP.i32Add,
      OP.i32Load, ...memarg(2), ...set(plane),
      ...get(plane), ...i32(0), OP.i32GeS,
      ...ifThen([
        ...get(plane), ...get(planeBytes), OP.i32Mul, ...get(wordAt), OP.i32Add, ...set(word),
        ...get(word), ...get(word), OP.i32Load, ...memarg(2), ...get(bit), OP.i32Xor, OP.i32Store, ...memarg(2),
      ]),
      ...increment(flips, i32(-1)),
    ]),
  ];
  const channel = (index: readonly number[]) => [
    ...tables, ...index, ...i32(RECORD_BYTES), OP.i32Mul, OP.i32Add, ...i32(CHANNELS_AT), OP.i32Add, ...set(record),
    ...get(record), OP.f64Load, ...memarg(3, LOG_ONE_MINUS_P), ...set(logOneMinusP), ...get(record), OP.f64Load, ...memarg(3, INVERSE_LOG), ...set(inverseLog),
    ...get(planeBytes), ...i32(3), OP.i32Shl, ...set(batchShots),
    ...field(GROUPS), ...get(batchShots), OP.i32Mul, ...set(trials),
    ...field(COMPONENTS), ...i32(-1), OP.i32Add, ...set(last),
    ...field(CUMULATIVE_AT), ...set(cumulativeAt),
    ...i32(-1), ...set(trial),
    // Geometric skipping over the batch's (group, shot) trials, one gap per hit: trial += 1 + gap.
    OP.block, VOID_BLOCK, OP.loop, VOID_BLOCK,
      // p ≥ 1 (logOneMinusP = −∞) fires every trial without a draw.
      ...get(logOneMinusP), ...f64Const(Number.NEGATIVE_INFINITY), OP.f64Eq,
      ...ifThenElse([...f64Const(0), ...set(gap)], [...nextDouble(u), ...f64Const(1), ...get(u), OP.f64Sub, ...set(x), ...geometricGap]),
      // Leave once trial + 1 + gap ≥ trials (in doubles: the gap may exceed any int32).
      ...get(trial), OP.f64ConvertI32S, ...f64Const(1), ...get(gap), OP.f64Add, OP.f64Add, ...get(trials), OP.f64ConvertI32S, OP.f64Ge, OP.brIf, 1,
      ...get(trial), ...i32(1), OP.i32Add, ...get(gap), OP.i32TruncF64S, OP.i32Add, ...set(trial),
      ...get(trial), ...get(batchShots), OP.i32DivU, ...set(group),
      ...get(trial), ...get(group), ...get(batchShots), OP.i32Mul, OP.i32Sub, ...set(shot),
      ...i32(0), ...set(outcome),
      ...get(last), ...i32(0), OP.i32GtS, ...ifThen(pickOutcome),
      ...field(SLOTS_AT), ...get(group), ...field(SLOT_BYTES), OP.i32Mul, OP.i32Add, ...set(groupAt),
      ...field(OUTCOMES_AT), ...get(outcome), ...field(OUTCOME_BYTES), OP.i32Mul, OP.i32Add, ...set(outcomeAt),
      ...get(shot), ...i32(5), OP.i32ShrU, ...i32(2), OP.i32Shl, ...set(wordAt),
      ...i32(1), ...get(shot), OP.i32Shl, ...set(bit),
      ...flipSlots,
    OP.br, 0, OP.end, OP.end,
  ];
  const randomize = (planeAt: readonly number[]) => [
    ...planeAt, ...set(word), ...get(planeBytes), ...i32(2), OP.i32ShrU, ...set(flips),
    ...loopUntil([...get(flips), OP.i32Eqz], [
      ...get(word), ...get(word), OP.i32Load, ...memarg(2), ...nextUint32, OP.i32Xor, OP.i32Store, ...memarg(2),
      ...increment(word, i32(4)), ...increment(flips, i32(-1)),
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
