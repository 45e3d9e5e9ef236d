/**
 * The flat program the Pauli-frame sampler runs (compiled once per circuit by
 * compile-frame-program.ts, run once per batch by frame-sampler.ts).
 *
 * All sampler state is one array of bit planes; a plane holds one bit per shot of the batch
 * (32 shots per Uint32 word). Planes are numbered in regions:
 *
 *   [frame: x and z of every qubit | measurement record | detectors | observables | final x | final z]
 *
 * The frame region is addressed through a compile-time renaming (which plane currently holds
 * qubit q's x bit), so permutation-like gates (H, SWAP) emit no code. The whole state is zeroed
 * at the start of a batch, so every other region is produced by XORs alone.
 */

/** `XOR dst src`: plane dst ^= plane src. */
export const OP_XOR = 0;
/** `CLEAR plane`: plane = 0 (resets). */
export const OP_CLEAR = 1;
/** `SNAPSHOT dst src`: plane dst ^= plane src, only when final frames are requested. */
export const OP_SNAPSHOT = 2;
/** `CHANNEL c`: sample noise channel c (see `ChannelTable`). */
export const OP_CHANNEL = 3;
/** `RANDOMIZE plane`: plane ^= uniformly random bits (gauge randomization, measurement sampling only). */
export const OP_RANDOMIZE = 4;

/**
 * Random channels, flattened. Channel c is `groups[c]` independent trials per shot, each of
 * which fires with probability p (stored as `logOneMinusP[c]` for geometric skipping) and then
 * takes one of `components[c]` disjoint outcomes, chosen by the cumulative weights
 * `cumulative[cumulativeStart[c] + k]` (normalised to end at 1).
 *
 * Group g of channel c owns `slotCount[c]` planes, `slots[slotStart[c] + g * slotCount[c] + j]`
 * for j < slotCount[c] (e.g. x and z of both qubits of a DEPOLARIZE2 pair); -1 marks a slot
 * that group lacks. Outcome k flips the same slots in every group: the list at
 * `outcomeSlots[outcomeStart[c] + k * outcomeStride[c]]`, a count then that many slot indices
 * (padded to the stride). So the table grows
 * with the planes a channel touches, not with planes × outcomes, and stays in cache when hits
 * land in random groups.
 *
 * Pauli noise flips frame planes; a measurement's result-flip probability (`M(p)`) flips a
 * record plane (and, on a qubit's last measurement, the matching final-frame plane).
 */
export interface ChannelTable {
  readonly logOneMinusP: Float64Array;
  readonly groups: Int32Array;
  readonly components: Int32Array;
  readonly cumulativeStart: Int32Array;
  readonly cumulative: Float64Array;
  readonly slotStart: Int32Array;
  readonly slotCount: Int32Array;
  readonly slots: Int32Array;
  readonly outcomeStart: Int32Array;
  readonly outcomeStride: Int32Array;
  readonly outcomeSlots: Int32Array;
}

export interface FrameProgram {
  readonly numQubits: number;
  readonly numMeasurements: number;
  readonly numDetectors: number;
  readonly numObservables: number;
  /** Qubits measured at least once, ascending: the rows of the final-frame region. */
  readonly measuredQubits: readonly number[];
  /** First plane of each region. */
  readonly recordPlane: number;
  readonly detectorPlane: number;
  readonly observablePlane: number;
  readonly finalXPlane: number;
  readonly finalZPlane: number;
  readonly numPlanes: number;
  readonly code: Int32Array;
  readonly channels: ChannelTable;
}
