/**
 * A stabilizer tableau (Aaronson & Gottesman 2004, "Improved simulation of stabilizer circuits",
 * arXiv:quant-ph/0406196): n destabilizer and n stabilizer generators, each a signed Pauli
 * string stored as x and z bit rows and a sign bit. Gates conjugate every generator; a Z-basis
 * measurement is deterministic when no stabilizer anticommutes with it and random otherwise.
 *
 * Random outcomes are not drawn: they are always 0 (the +1 eigenstate), as Stim's reference
 * sample forces them (`TableauSimulator::reference_sample_circuit`, sign bias +1). That makes
 * the simulation a pure function of the circuit, which is what a reference sample must be.
 */
export class StabilizerTableau {
  readonly numQubits: number;
  /** Row i (0 ≤ i < 2n) of the x and z bits: rows [0, n) are destabilizers, [n, 2n) stabilizers. */
  private readonly x: Uint8Array[];
  private readonly z: Uint8Array[];
  private readonly sign: Uint8Array;

  /** The all-|0⟩ state: destabilizer i is X_i, stabilizer i is Z_i. */
  constructor(numQubits: number) {
    const n = numQubits;
    this.numQubits = n;
    this.x = Array.from({ length: 2 * n + 1 }, () => new Uint8Array(n));
    this.z = Array.from({ length: 2 * n + 1 }, () => new Uint8Array(n));
    this.sign = new Uint8Array(2 * n + 1);
    for (let i = 0; i < n; i++) {
      this.x[i]![i] = 1;
      this.z[n + i]![i] = 1;
    }
  }

  h(q: number): void {
    for (let i = 0; i < 2 * this.numQubits; i++) {
      const x = this.x[i]!;
      const z = this.z[i]!;
      this.sign[i]! ^= x[q]! & z[q]!;
      const t = x[q]!;
      x[q] = z[q]!;
      z[q] = t;
    }
  }

  s(q: number): void {
    for (let i = 0; i < 2 * this.numQubits; i++) {
      const x = this.x[i]!;
      const z = this.z[i]!;
      this.sign[i]! ^= x[q]! & z[q]!;
      z[q]! ^= x[q]!;
    }
  }

  /** Pauli X, Y or Z on q: flips the sign of every generator anticommuting with it. */
  pauli(q: number, pauli: 'X' | 'Y' | 'Z'): void {
    for (let i = 0; i < 2 * this.numQubits; i++) {
      const x = this.x[i]![q]!;
      const z = this.z[i]![q]!;
      this.sign[i]! ^= pauli === 'X' ? z : pauli === 'Z' ? x : x ^ z;
    }
  }

  cx(control: number, target: number): void {
    for (let i = 0; i < 2 * this.numQubits; i++) {
      const x = this.x[i]!;
      const z = this.z[i]!;
      this.sign[i]! ^= x[control]! & z[target]! & (x[target]! ^ z[control]! ^ 1);
      x[target]! ^= x[control]!;
      z[control]! ^= z[target]!;
    }
  }

  swap(a: number, b: number): void {
    for (let i = 0; i < 2 * this.numQubits; i++) {
      for (const row of [this.x[i]!, this.z[i]!]) {
        const t = row[a]!;
        row[a] = row[b]!;
        row[b] = t;
      }
    }
  }

  /**
   * Measures q in the Z basis and returns the result (0 or 1); a random result is 0. The state
   * collapses onto the result.
   */
  measureZ(q: number): number {
    const n = this.numQubits;
    let pivot = -1;
    for (let i = n; i < 2 * n && pivot < 0; i++) if (this.x[i]![q] === 1) pivot = i;
    if (pivot >= 0) {
      for (let i = 0; i < 2 * n; i++) if (i !== pivot && this.x[i]![q] === 1) this.rowMultiply(i, pivot);
      this.copyRow(pivot - n, pivot);
      this.x[pivot]!.fill(0);
      this.z[pivot]!.fill(0);
      this.z[pivot]![q] = 1;
      this.sign[pivot] = 0;
      return 0;
    }
    // Deterministic: Z_q is the product of the stabilizers whose destabilizers anticommute with it.
    const scratch = 2 * n;
    this.x[scratch]!.fill(0);
    this.z[scratch]!.fill(0);
    this.sign[scratch] = 0;
    for (let i = 0; i < n; i++) if (this.x[i]![q] === 1) this.rowMultiply(scratch, i + n);
    return this.sign[scratch]!;
  }

  private copyRow(to: number, from: number): void {
    this.x[to]!.set(this.x[from]!);
    this.z[to]!.set(this.z[from]!);
    this.sign[to] = this.sign[from]!;
  }

  /** Row h := row h · row i, tracking the sign through the phases of the Pauli products. */
  private rowMultiply(h: number, i: number): void {
    const xh = this.x[h]!;
    const zh = this.z[h]!;
    const xi = this.x[i]!;
    const zi = this.z[i]!;
    // Sum of the exponents of i picked up qubit by qubit (Aaronson–Gottesman's g function).
    let phase = 2 * (this.sign[h]! + this.sign[i]!);
    for (let q = 0; q < this.numQubits; q++) {
      const x1 = xi[q]!;
      const z1 = zi[q]!;
      const x2 = xh[q]!;
      const z2 = zh[q]!;
      if (x1 === 1 && z1 === 1) phase += z2 - x2;
      else if (x1 === 1) phase += z2 * (2 * x2 - 1);
      else if (z1 === 1) phase += x2 * (1 - 2 * z2);
      xh[q] = x2 ^ x1;
      zh[q] = z2 ^ z1;
    }
    this.sign[h] = ((phase % 4) + 4) % 4 === 2 ? 1 : 0;
  }
}
