import { bytesPerShot } from '../shots/row-bits.ts';

/**
 * `out`, or a new buffer, for decodeBatch's predictions of `shots` rows of `rowBytes` bytes; throws
 * a RangeError if the rows cannot hold the decoder's detectors or either buffer is too small.
 */
export function batchOutput(
  decoder: { readonly numDetectors: number; readonly numObservables: number },
  rows: Uint8Array,
  shots: number,
  rowBytes: number,
  out: Uint8Array | undefined,
): Uint8Array {
  const outBytes = bytesPerShot(decoder.numObservables);
  const result = out ?? new Uint8Array(shots * outBytes);
  if (rowBytes < bytesPerShot(decoder.numDetectors)) throw new RangeError(`rows of ${rowBytes} bytes cannot hold ${decoder.numDetectors} detectors`);
  if (rows.length < shots * rowBytes || result.length < shots * outBytes) throw new RangeError(`buffers too small for ${shots} shots`);
  return result;
}
