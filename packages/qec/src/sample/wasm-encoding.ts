/**
 * Just enough of the WebAssembly binary format (WebAssembly Core Specification 2.0, chapter 5,
 * https://webassembly.github.io/spec/core/binary/) to write the sampler's kernels
 * (plane-kernels.ts) from readable TypeScript: LEB128 integers, the opcodes we use, and a module
 * of functions over one imported memory. The bytes are generated at start-up, so the repository
 * holds only this source, never a compiled blob.
 */

/** Unsigned LEB128. */
export function uleb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** Signed LEB128 (for i32.const). */
function sleb128(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

/** Core opcodes (§5.4). Memory instructions take a memarg: log2 alignment, then offset. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  f64Load: 0x2b,
  i32Store: 0x36,
  i64Store: 0x37,
  i32Store8: 0x3a,
  i32Store16: 0x3b,
  i32Const: 0x41,
  i64Const: 0x42,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32LtS: 0x48,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32DivU: 0x6e,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i32Rotl: 0x77,
  i64Xor: 0x85,
  i64ShrU: 0x88,
  f64Abs: 0x99,
  f64Floor: 0x9c,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  i32WrapI64: 0xa7,
  i32TruncF64S: 0xaa,
  i32TruncF64U: 0xab,
  f64ConvertI32S: 0xb7,
  f64ConvertI32U: 0xb8,
  i64ReinterpretF64: 0xbd,
} as const;

/** The empty block type, for block/loop/if that leave nothing on the stack. */
export const VOID_BLOCK = 0x40;

/** Fixed-width SIMD opcodes (§5.4.8), each written after the 0xfd prefix as a LEB128. */
export const SIMD = {
  v128Load: 0,
  v128Store: 11,
  v128Const: 12,
  i8x16Shuffle: 13,
  v128Xor: 81,
  i8x16Bitmask: 100,
  i8x16Add: 110,
} as const;

/** A SIMD instruction with its immediates. */
export function simd(opcode: number, ...immediates: number[]): number[] {
  return [0xfd, ...uleb128(opcode), ...immediates];
}

/** `f64.const value`: the double's 8 bytes, little-endian. */
export function f64Const(value: number): number[] {
  return [OP.f64Const, ...new Uint8Array(new Float64Array([value]).buffer)];
}

export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** A function the host supplies (module `env`); its index in `call` is its position in the import list. */
export interface WasmImport {
  readonly name: string;
  /** Param and result value types. */
  readonly params: readonly number[];
  readonly results: readonly number[];
}

export interface WasmFunction {
  readonly name: string;
  readonly params: number;
  /** 0 or 1 i32 result. */
  readonly results: number;
  /** Local declarations after the params, in order: [count, type]. */
  readonly locals: readonly (readonly [number, number])[];
  /** The instructions, without the final `end`. */
  readonly body: readonly number[];
}

/**
 * Appends `bytes` to `out` by a loop: spreading and flattening the functions' bodies (thousands
 * of bytes each) was most of encoding the sampler's module, which runs once, cold.
 */
function append(out: number[], bytes: readonly number[]): number[] {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]!);
  return out;
}

function vector(items: readonly (readonly number[])[]): number[] {
  const out = uleb128(items.length);
  for (const item of items) append(out, item);
  return out;
}

function name(text: string): number[] {
  return vector([...text].map((char) => [char.charCodeAt(0)]));
}

function section(id: number, contents: readonly number[]): number[] {
  return append([id, ...uleb128(contents.length)], contents);
}

/**
 * A module importing one memory as env.memory and the host `imports` (functions 0, 1, …), and
 * exporting `functions` (numbered after the imports) by name, each with its own type (all-i32
 * params).
 */
export function encodeModule(functions: readonly WasmFunction[], imports: readonly WasmImport[] = []): Uint8Array {
  const signature = (params: readonly number[], results: readonly number[]) => [0x60, ...vector(params.map((t) => [t])), ...vector(results.map((t) => [t]))];
  const types = [
    ...imports.map((f) => signature(f.params, f.results)),
    ...functions.map((f) => signature(Array.from({ length: f.params }, () => I32), f.results ? [I32] : [])),
  ];
  const bodies = functions.map((f) => {
    const code = append(vector(f.locals.map(([count, type]) => [...uleb128(count), type])), f.body);
    code.push(OP.end);
    return append(uleb128(code.length), code);
  });
  const sections = [
    section(1, vector(types)),
    section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01], ...imports.map((f, i) => [...name('env'), ...name(f.name), 0x00, ...uleb128(i)])])),
    section(3, vector(functions.map((_, i) => uleb128(imports.length + i)))),
    section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb128(imports.length + i)]))),
    section(10, vector(bodies)),
  ];
  return new Uint8Array(sections.reduce(append, [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
}

// Instruction helpers, so the kernels' function bodies read as code.
export const get = (local: number): number[] => [OP.localGet, ...uleb128(local)];
export const set = (local: number): number[] => [OP.localSet, ...uleb128(local)];
export const i32 = (value: number): number[] => [OP.i32Const, ...sleb128(value)];
/** local += value (an i32 constant or another local's instructions). */
export const increment = (local: number, by: readonly number[]): number[] => [...get(local), ...by, OP.i32Add, ...set(local)];
/** while (!exitCondition) body — `exitCondition` pushes an i32; `body` may `br 0` to continue, `br 1` to leave. */
export const loopUntil = (exitCondition: readonly number[], body: readonly number[]): number[] => [
  OP.block, VOID_BLOCK, OP.loop, VOID_BLOCK, ...exitCondition, OP.brIf, 1, ...body, OP.br, 0, OP.end, OP.end,
];
export const ifThen = (body: readonly number[]): number[] => [OP.if, VOID_BLOCK, ...body, OP.end];
export const ifThenElse = (then: readonly number[], otherwise: readonly number[]): number[] => [OP.if, VOID_BLOCK, ...then, OP.else, ...otherwise, OP.end];
/** A memory instruction's immediate: log2 of its alignment, then a constant byte offset. */
export const memarg = (log2Align: number, offset = 0): number[] => [log2Align, ...uleb128(offset)];
