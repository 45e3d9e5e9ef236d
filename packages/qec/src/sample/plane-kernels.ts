import { OP_CHANNEL, OP_CLEAR, OP_RANDOMIZE, OP_SNAPSHOT, OP_XOR } from './frame-program.ts';
import { NOISE_F64_LOCALS, NOISE_I32_LOCALS, NOISE_IMPORTS, noiseInstructions, type DrawSource } from './noise-kernel.ts';
import { encodeModule, F64, get, I32, i32, ifThen, ifThenElse, increment, loopUntil, memarg, OP, set, simd, SIMD, V128, VOID_BLOCK, type WasmFunction } from './wasm-encoding.ts';

/**
 * The frame sampler's work as WebAssembly (SIMD: 128-bit lanes, Node ≥ 16.4): running the whole
 * frame program — plane XORs and clears, and the noise channels (noise-kernel.ts) — and
 * transposing bit planes into b8 shot rows. In JavaScript these were most of `verilab detect`'s
 * time: a plane XOR is 16 BigInt64 operations there against 8 vector ones here, the transpose
 * moved detection events bit by bit through unpredictable branches where i8x16.bitmask moves
 * 16 at once, and each noise hit paid for boxed doubles and calls through the Rng interface.
 *
 * Memory is the sampler's own (see PlaneKernels.buffer); nothing here keeps state between
 * calls but the xoshiro128** state the caller keeps in the noise tables, and the kernels
 * compute exactly what the JavaScript did, so samples are unchanged.
 */

/**
 * Bytes the transpose may read past the last plane it transposes, for planes of `planeBytes`:
 * it gathers whole groups of 16 planes, 16 bytes of each at a time, so up to 15 planes and 16
 * bytes past the last (masked off).
 */
export const transposeReadSlack = (planeBytes: number): number => 15 * planeBytes + 16;
/**
 * Plane bytes of a full batch of the frame sampler (1024 shots), for which runProgram's plane
 * XOR is straight-line code; other sizes take its loop.
 */
const FULL_PLANE_BYTES = 128;
/** Rows the transpose may write past `shots` (it writes whole bytes of 8 shots). */
export const TRANSPOSE_EXTRA_ROWS = 8;

export interface PlaneKernels {
  /** The memory the kernels work on; views on its buffer stay valid (it never grows). */
  readonly buffer: ArrayBuffer;
  /**
   * Runs the frame program stored as int32s at byte `codeAt`, from index `pc` up to `end`,
   * over planes of `planeBytes` bytes at byte 0: XOR, CLEAR, SNAPSHOT when `snapshots`, and
   * the noise (CHANNEL, RANDOMIZE) from the noise tables at byte `tablesAt`
   * (noise-kernel.ts), drawing from `draw` (the xoshiro128** state in the tables, or the
   * `draw` function given to createPlaneKernels). Stops at the first other opcode (a corrupt
   * program) and returns its index, or `end`.
   */
  runProgram(codeAt: number, pc: number, end: number, planeBytes: number, snapshots: boolean, tablesAt: number, draw: DrawSource): number;
  /**
   * Writes `count` consecutive planes, the first at byte `planesAt`, each `planeBytes` long
   * (bit s of a plane is shot s, little-endian), as packed rows of `rowBytes` bytes at byte
   * `rowsAt`: bit k of row s is plane k's bit s, bits past `count` zero. Writes rows up to
   * `shots` rounded up to a multiple of 8 and reads up to transposeReadSlack(planeBytes) bytes
   * past the last plane.
   */
  transposeToRows(planesAt: number, planeBytes: number, count: number, shots: number, rowsAt: number, rowBytes: number): void;
}

/** The WebAssembly API of the JavaScript host (typed here: the package compiles without DOM or Node types). */
interface WebAssemblyApi {
  readonly Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

const WASM = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
const PAGE_BYTES = 65_536;

let compiled: object | undefined;

/**
 * The kernels' compiled WebAssembly module, made on first use (~20 ms cold, most of it before
 * the engine optimises the encoder) and shared by every sampler of this thread. A host with
 * threads may hand it to another (its structured clone shares the compiled code, tier-ups
 * included) and give it to usePlaneKernelsModule there, which then compiles nothing.
 */
export function planeKernelsModule(): object {
  compiled ??= new WASM.Module(
    encodeModule(
      [runProgramFunction('runProgram', 'xoshiro'), runProgramFunction('runProgramWithHostDraw', 'host'), transposeFunction()],
      NOISE_IMPORTS,
    ),
  );
  return compiled;
}

/** Makes this thread's kernels from `module`, which planeKernelsModule gave in another thread. */
export function usePlaneKernelsModule(module: object): void {
  if (!(module instanceof WASM.Module)) throw new TypeError('the plane kernels module must be a WebAssembly.Module (planeKernelsModule in another thread)');
  compiled = module;
}

type RunProgram = (codeAt: number, pc: number, end: number, planeBytes: number, snapshots: number, tablesAt: number) => number;

/**
 * Kernels over a fresh memory of at least `bytes` bytes (the module is compiled once per thread);
 * `draw` gives the random words of programs run with the `host` draw source.
 * WebAssembly memory is little-endian; the sampler also reads it as Uint32 words (bit s of a word
 * is shot s), which agree with its bytes only on a little-endian platform, so any other is refused
 * rather than given different bits.
 */
export function createPlaneKernels(bytes: number, draw: () => number = noHostDraw): PlaneKernels {
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('the frame sampler needs a little-endian platform');
  const module = planeKernelsModule();
  const memory = new WASM.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE_BYTES)) });
  const exports = new WASM.Instance(module, { env: { memory, draw, log: Math.log } }).exports;
  const runXoshiro = exports['runProgram'] as RunProgram;
  const runHostDraw = exports['runProgramWithHostDraw'] as RunProgram;
  const transpose = exports['transposeToRows'] as PlaneKernels['transposeToRows'];
  return {
    buffer: memory.buffer,
    runProgram: (codeAt, pc, end, planeBytes, snapshots, tablesAt, source) =>
      (source === 'xoshiro' ? runXoshiro : runHostDraw)(codeAt, pc, end, planeBytes, snapshots ? 1 : 0, tablesAt),
    transposeToRows: transpose,
  };
}

function noHostDraw(): number {
  throw new Error('these kernels were created without a draw function');
}

/**
 * runProgram(codeAt, pc, end, planeBytes, snapshots, tablesAt) -> pc. A plane is 16-byte
 * vectors, then an 8- and a 4-byte tail when its word count is not a multiple of 4 (a last,
 * partial batch). The noise opcodes run noise-kernel.ts's instructions, with the xoshiro128**
 * state in locals from entry to exit.
 */
function runProgramFunction(name: string, draw: DrawSource): WasmFunction {
  const [codeAt, pc, end, planeBytes, snapshots, tablesAt] = [0, 1, 2, 3, 4, 5];
  const [op, dst, src, vectors, at] = [6, 7, 8, 9, 10];
  const firstNoiseLocal = 11;
  const noiseLocals = new Map<string, number>([...NOISE_I32_LOCALS, ...NOISE_F64_LOCALS].map((local, k) => [local, firstNoiseLocal + k]));
  const noise = noiseInstructions((local) => noiseLocals.get(local)!, planeBytes, tablesAt, draw);
  const operand = (k: number) => [...get(at), OP.i32Load, ...memarg(2, 4 * k)];
  const planeOperand = (k: number) => [...operand(k), ...get(planeBytes), OP.i32Mul];
  const tails = (eight: readonly number[], four: readonly number[]) => [
    ...get(planeBytes), ...i32(8), OP.i32And, ...ifThen([...eight, ...increment(dst, i32(8)), ...increment(src, i32(8))]),
    ...get(planeBytes), ...i32(4), OP.i32And, ...ifThen(four),
  ];
  // A full batch's plane (the common case) takes straight-line code: no loop counter or branches.
  const xorVector = (offset: number) => [
    ...get(dst), ...get(dst), ...simd(SIMD.v128Load, ...memarg(4, offset)), ...get(src), ...simd(SIMD.v128Load, ...memarg(4, offset)),
    ...simd(SIMD.v128Xor), ...simd(SIMD.v128Store, ...memarg(4, offset)),
  ];
  const xorFullPlane = Array.from({ length: FULL_PLANE_BYTES / 16 }, (_, k) => xorVector(16 * k)).flat();
  const xorAnyPlane = [
    ...get(planeBytes), ...i32(4), OP.i32ShrU, ...set(vectors),
    ...loopUntil([...get(vectors), OP.i32Eqz], [
      ...get(dst), ...get(dst), ...simd(SIMD.v128Load, ...memarg(4)), ...get(src), ...simd(SIMD.v128Load, ...memarg(4)),
      ...simd(SIMD.v128Xor), ...simd(SIMD.v128Store, ...memarg(4)),
      ...increment(dst, i32(16)), ...increment(src, i32(16)), ...increment(vectors, i32(-1)),
    ]),
    ...tails(
      [...get(dst), ...get(dst), OP.i64Load, ...memarg(3), ...get(src), OP.i64Load, ...memarg(3), OP.i64Xor, OP.i64Store, ...memarg(3)],
      [...get(dst), ...get(dst), OP.i32Load, ...memarg(2), ...get(src), OP.i32Load, ...memarg(2), OP.i32Xor, OP.i32Store, ...memarg(2)],
    ),
  ];
  const xorPlane = [...get(planeBytes), ...i32(FULL_PLANE_BYTES), OP.i32Eq, ...ifThenElse(xorFullPlane, xorAnyPlane)];
  const clearPlane = [
    ...get(planeBytes), ...i32(4), OP.i32ShrU, ...set(vectors),
    ...loopUntil([...get(vectors), OP.i32Eqz], [
      ...get(dst), ...simd(SIMD.v128Const, ...new Array<number>(16).fill(0)), ...simd(SIMD.v128Store, ...memarg(4)),
      ...increment(dst, i32(16)), ...increment(vectors, i32(-1)),
    ]),
    ...tails([...get(dst), OP.i64Const, 0, OP.i64Store, ...memarg(3)], [...get(dst), ...i32(0), OP.i32Store, ...memarg(2)]),
  ];
  const isOp = (opcode: number) => [...get(op), ...i32(opcode), OP.i32Eq];
  const body = [
    ...noise.loadRng,
    ...loopUntil([...get(pc), ...get(end), OP.i32GeU], [
      ...get(codeAt), ...get(pc), ...i32(2), OP.i32Shl, OP.i32Add, ...set(at),
      ...get(at), OP.i32Load, ...memarg(2), ...set(op),
      // XOR, or SNAPSHOT when final frames are wanted: dst ^= src.
      ...isOp(OP_XOR), ...isOp(OP_SNAPSHOT), ...get(snapshots), OP.i32And, OP.i32Or,
      ...ifThen([...planeOperand(1), ...set(dst), ...planeOperand(2), ...set(src), ...xorPlane, ...increment(pc, i32(3)), OP.br, 1]),
      ...isOp(OP_SNAPSHOT), ...ifThen([...increment(pc, i32(3)), OP.br, 1]),
      ...isOp(OP_CLEAR), ...ifThen([...planeOperand(1), ...set(dst), ...clearPlane, ...increment(pc, i32(2)), OP.br, 1]),
      ...isOp(OP_CHANNEL), ...ifThen([...noise.channel(operand(1)), ...increment(pc, i32(2)), OP.br, 1]),
      ...isOp(OP_RANDOMIZE), ...ifThen([...noise.randomize(planeOperand(1)), ...increment(pc, i32(2)), OP.br, 1]),
      // Anything else is corrupt: leave the loop.
      OP.br, 1,
    ]),
    ...noise.storeRng,
    ...get(pc),
  ];
  return { name, params: 6, results: 1, locals: [[5 + NOISE_I32_LOCALS.length, I32], [NOISE_F64_LOCALS.length, F64]], body };
}

/**
 * transposeToRows(planesAt, planeBytes, count, shots, rowsAt, rowBytes). For each group of 16
 * planes and each block of 16 byte columns (shots 128c..128c + 127): one vector load per plane,
 * then a 16 × 16 byte transpose in four rounds of byte interleaves (each round rotates the
 * bits of the (plane, byte) index by one, so four swap plane and byte), leaving vector b with
 * byte b of every plane. Its lanes' top bits (i8x16.bitmask) are then, for shot 8b + 7, the 16
 * bits of those planes — two bytes of its row (one when the group has ≤ 8 planes); doubling
 * every lane brings the next shot's bits to the top. Lanes past `count` and columns past the
 * shots are not written.
 */
function transposeFunction(): WasmFunction {
  const [planesAt, planeBytes, count, shots, rowsAt, rowBytes] = [0, 1, 2, 3, 4, 5];
  const [first, column, columns, row, keep, wide, groupAt, rowAt, lastRow] = [6, 7, 8, 9, 10, 11, 12, 13, 14];
  const vectors = 15;
  const [a, b, lanes] = [vectors, vectors + 16, vectors + 32];
  const remaining = [...get(count), ...get(first), OP.i32Sub];
  // Byte b of planes first..first+15 of the column block into locals a + j.
  const load = Array.from({ length: 16 }, (_, j) => [
    ...get(groupAt), ...get(column), OP.i32Add, ...(j === 0 ? [] : [...get(planeBytes), ...i32(j), OP.i32Mul, OP.i32Add]),
    ...simd(SIMD.v128Load, ...memarg(0)), ...set(a + j),
  ]).flat();
  const LOW = Array.from({ length: 8 }, (_, k) => [k, 16 + k]).flat();
  const HIGH = Array.from({ length: 8 }, (_, k) => [8 + k, 24 + k]).flat();
  const round = (from: number, to: number) => Array.from({ length: 8 }, (_, k) => [
    ...get(from + k), ...get(from + k + 8), ...simd(SIMD.i8x16Shuffle, ...LOW), ...set(to + 2 * k),
    ...get(from + k), ...get(from + k + 8), ...simd(SIMD.i8x16Shuffle, ...HIGH), ...set(to + 2 * k + 1),
  ]).flat();
  const transpose16 = [...round(a, b), ...round(b, a), ...round(a, b), ...round(b, a)];
  const topBits = [...get(lanes), ...simd(SIMD.i8x16Bitmask), ...get(keep), OP.i32And];
  // The 8 rows of column `column + k`: shot 8·column + 7 first, from the top bits down.
  const writeColumn = (k: number) => [
    ...get(column), ...i32(k), OP.i32Add, ...get(columns), OP.i32GeU, OP.brIf, 0,
    ...get(a + k), ...set(lanes),
    ...get(rowAt), ...get(lastRow), OP.i32Add, ...set(row),
    ...Array.from({ length: 8 }, (_, t) => [
      ...get(wide),
      OP.if, VOID_BLOCK, ...get(row), ...topBits, OP.i32Store16, ...memarg(0),
      OP.else, ...get(row), ...topBits, OP.i32Store8, ...memarg(0), OP.end,
      ...(t === 7 ? [] : [...get(row), ...get(rowBytes), OP.i32Sub, ...set(row), ...get(lanes), ...get(lanes), ...simd(SIMD.i8x16Add), ...set(lanes)]),
    ]).flat(),
    ...get(rowAt), ...get(rowBytes), ...i32(3), OP.i32Shl, OP.i32Add, ...set(rowAt),
  ];
  const body = [
    ...get(shots), ...i32(7), OP.i32Add, ...i32(3), OP.i32ShrU, ...set(columns),
    ...get(rowBytes), ...i32(7), OP.i32Mul, ...set(lastRow),
    ...loopUntil([...get(first), ...get(count), OP.i32GeU], [
      // keep = remaining ≥ 16 ? 0xffff : (1 << remaining) − 1; wide = remaining > 8.
      ...i32(0xffff), ...i32(1), ...remaining, OP.i32Shl, ...i32(1), OP.i32Sub, ...remaining, ...i32(16), OP.i32GeU, OP.select, ...set(keep),
      ...remaining, ...i32(8), OP.i32GtU, ...set(wide),
      ...get(planesAt), ...get(first), ...get(planeBytes), OP.i32Mul, OP.i32Add, ...set(groupAt),
      ...get(rowsAt), ...get(first), ...i32(3), OP.i32ShrU, OP.i32Add, ...set(rowAt),
      ...i32(0), ...set(column),
      ...loopUntil([...get(column), ...get(columns), OP.i32GeU], [
        ...load,
        ...transpose16,
        // A block of its own, so a column past the shots leaves the writes (br 0) and goes on
        // to the loop's exit test.
        OP.block, VOID_BLOCK, ...Array.from({ length: 16 }, (_, k) => writeColumn(k)).flat(), OP.end,
        ...increment(column, i32(16)),
      ]),
      ...increment(first, i32(16)),
    ]),
  ];
  return { name: 'transposeToRows', params: 6, results: 0, locals: [[9, I32], [33, V128]], body };
}
