/**
 * xoshiro128** 1.1 (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators",
 * https://prng.di.unimi.it/xoshiro128starstar.c), seeded through SplitMix32 so any 32-bit seed
 * gives a well-mixed state. Pure 32-bit integer arithmetic (Math.imul, >>> 0): the same seed
 * gives the same bits on every machine and JavaScript engine. The output stream for a given
 * seed is frozen by reference vectors in the tests; changing it needs a format version bump.
 */
export interface Rng {
  /** The next 32 uniformly random bits as an unsigned integer. */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number;
}

/** The generator's whole state, for export, import and reproducible forks. */
export type Xoshiro128State = readonly [number, number, number, number];

export class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(state: Xoshiro128State) {
    [this.s0, this.s1, this.s2, this.s3] = int32State(state);
  }

  /** Seeds from a 32-bit integer (or any safe integer, reduced mod 2^32 twice) via SplitMix32. */
  static fromSeed(seed: number): Xoshiro128 {
    if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a safe integer, got ${seed}`);
    // Fold the high part in so seeds above 2^32 are not aliased to their low bits.
    const low = seed >>> 0;
    const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
    const mixer = new SplitMix32((low ^ Math.imul(high, 0x9e3779b9)) >>> 0);
    return new Xoshiro128([mixer.next(), mixer.next(), mixer.next(), mixer.next()]);
  }

  state(): Xoshiro128State {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /**
   * Continues from `state` (as `state()` exports it): for a copy of this generator that ran
   * elsewhere, such as the frame sampler's WebAssembly kernel, to hand its stream back.
   */
  setState(state: Xoshiro128State): void {
    [this.s0, this.s1, this.s2, this.s3] = int32State(state);
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextDouble(): number {
    // 21 high bits of one draw and 32 of the next: 53 bits, the full double mantissa.
    const high = this.nextUint32() >>> 11;
    const low = this.nextUint32();
    return (high * 0x1_0000_0000 + low) / 2 ** 53;
  }

  /**
   * Advances the state by 2^64 draws (the reference `jump()`), giving non-overlapping streams
   * for parallel workers: worker k uses a copy jumped k times.
   */
  jump(): void {
    const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (const word of JUMP) {
      for (let b = 0; b < 32; b++) {
        if ((word >>> b) & 1) {
          t0 ^= this.s0;
          t1 ^= this.s1;
          t2 ^= this.s2;
          t3 ^= this.s3;
        }
        this.nextUint32();
      }
    }
    this.s0 = t0;
    this.s1 = t1;
    this.s2 = t2;
    this.s3 = t3;
  }

  clone(): Xoshiro128 {
    return new Xoshiro128(this.state());
  }
}

/** SplitMix32 (Steele, Lea & Flood 2014, 32-bit variant with Stafford's mix13-style constants). */
export class SplitMix32 {
  private x: number;

  constructor(seed: number) {
    this.x = seed >>> 0;
  }

  next(): number {
    this.x = (this.x + 0x9e3779b9) >>> 0;
    let z = this.x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }
}

/**
 * A state's words as int32 (`| 0`), not uint32: V8 then keeps a generator's four fields as small
 * integers instead of boxed doubles, which makes a draw about 1.5x faster; the bits are the same.
 */
function int32State(state: Xoshiro128State): [number, number, number, number] {
  const words = state.map((word) => word | 0) as unknown as [number, number, number, number];
  if ((words[0] | words[1] | words[2] | words[3]) === 0) throw new Error('xoshiro128** state must not be all zero');
  return words;
}

/** 32-bit rotate left, as an int32 (see int32State). */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
