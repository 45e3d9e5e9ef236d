/**
 * xoshiro128** 1.1 (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators",
 * https://prng.di.unimi.it/xoshiro128starstar.c), seeded through SplitMix32 so any safe-integer
 * seed gives a well-mixed state, a different one for every seed. Pure 32-bit integer arithmetic
 * (Math.imul, >>> 0): the same seed gives the same bits on every machine and JavaScript engine.
 * The output stream for a given seed is frozen by reference vectors in the tests; changing it
 * needs a format version bump (and SEED_STREAMS_VERSION below).
 */
export interface Rng {
  /** The next 32 uniformly random bits as an unsigned integer. */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number;
}

/**
 * The version of the seed → stream mapping (`Xoshiro128.fromSeed`). 2: seeds from 2^32 up (and
 * negative ones) changed streams so that no two seeds share one; seeds in [0, 2^32) kept theirs.
 * What keeps a seed to replay it later (an episode token) records the version it was drawn
 * under, itself or through a format version of its own, so a seed from another version is
 * refused instead of replayed differently.
 */
export const SEED_STREAMS_VERSION = 2;

/** SplitMix's gamma, 2^32 over the golden ratio, odd. */
const GOLDEN_GAMMA = 0x9e3779b9;

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

  /**
   * Seeds from any safe integer, distinct seeds giving distinct states. The state is the
   * SplitMix32 sequence (Steele, Lea & Flood 2014) from u = low XOR high·γ, where `low` and `high`
   * are the seed's two 32-bit halves (high as uint32) and γ SplitMix's golden gamma; then words
   * 1-3 are XORed with the high part's own SplitMix32 sequence, from the first word XOR high·γ,
   * less that same sequence from the first word alone. A seed below 2^32 has high = 0, so that
   * difference is zero and its state is the one seeds have always had.
   *
   * Why the second sequence: with u alone (before SEED_STREAMS_VERSION 2) every seed had 2^15
   * aliases in [0, 2^47) and there were only 2^32 instances of an environment, so enumerating
   * every u recovered an unseeded episode's hidden parameters from what it showed in seconds.
   * Now no two seeds share a state: the first word, mix(u + γ), gives u (SplitMix's mix is a
   * bijection: xor-shifts and odd multiplications); word 1 XOR word 1 of u's sequence is
   * mix((w ^ high·γ) + γ) ^ mix(w + γ) for the first word w, a bijection of high (γ is odd); and
   * low = u ^ high·γ. No state is all zero (checked over every reachable high in the tests).
   */
  static fromSeed(seed: number): Xoshiro128 {
    if (!Number.isSafeInteger(seed)) throw new Error(`seed must be a safe integer, got ${seed}`);
    const low = seed >>> 0;
    const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
    const spread = Math.imul(high, GOLDEN_GAMMA);
    const mixer = new SplitMix32(low ^ spread);
    const state: [number, number, number, number] = [mixer.next(), mixer.next(), mixer.next(), mixer.next()];
    const own = new SplitMix32(state[0] ^ spread);
    const withoutHigh = new SplitMix32(state[0]);
    for (let word = 1; word < 4; word++) state[word] = (state[word]! ^ own.next() ^ withoutHigh.next()) >>> 0;
    return new Xoshiro128(state);
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
    this.x = (this.x + GOLDEN_GAMMA) >>> 0;
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
