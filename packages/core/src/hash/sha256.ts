/**
 * SHA-256 (FIPS 180-4) over UTF-8 text, in pure TypeScript so the pure packages can hash without
 * I/O or platform crypto (Qubit-Medic's `dem_digest`, the first 8 hex of sha256 of the DEM text,
 * and its dataset seeds). Verified against the FIPS test vectors and node:crypto in the tests.
 */
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export function sha256Hex(text: string): string {
  return sha256HexOfChunks([utf8(text)]);
}

/**
 * SHA-256 of the chunks' bytes one after the other. Whole blocks are read in place and only a
 * block split across chunks, and the last one or two with the padding and length, are copied: a
 * multi-megabyte DEM printed in chunks is hashed without being joined or copied.
 */
export function sha256HexOfChunks(chunks: readonly Uint8Array[]): string {
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  // A block being filled across chunks, then the padded tail.
  const tail = new Uint8Array(128);
  const tailView = new DataView(tail.buffer);
  let pending = 0;
  let length = 0;
  for (const chunk of chunks) {
    length += chunk.length;
    let at = 0;
    if (pending > 0) {
      at = Math.min(64 - pending, chunk.length);
      tail.set(chunk.subarray(0, at), pending);
      pending += at;
      if (pending < 64) continue;
      compress(h, w, tailView, 64);
    }
    const whole = (chunk.length - at) & ~63;
    compress(h, w, new DataView(chunk.buffer, chunk.byteOffset + at, whole), whole);
    tail.set(chunk.subarray(at + whole), 0);
    pending = chunk.length - at - whole;
  }
  tail.fill(0, pending);
  tail[pending] = 0x80;
  const end = pending + 9 <= 64 ? 64 : 128;
  const bitLength = length * 8;
  tailView.setUint32(end - 8, Math.floor(bitLength / 2 ** 32));
  tailView.setUint32(end - 4, bitLength >>> 0);
  compress(h, w, tailView, end);
  return [...h].map((word) => word.toString(16).padStart(8, '0')).join('');
}

/** Runs the compression function over the first `length` bytes (whole 64-byte blocks) of `view`. */
function compress(h: Uint32Array, w: Uint32Array, view: DataView, length: number): void {
  for (let block = 0; block < length; block += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getUint32(block + 4 * t);
    for (let t = 16; t < 64; t++) {
      const a = w[t - 15] as number;
      const b = w[t - 2] as number;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) >>> 0;
    }
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let hh = h[7]!;
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + (K[t] as number) + (w[t] as number)) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    h[0] = h[0]! + a;
    h[1] = h[1]! + b;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
    h[5] = h[5]! + f;
    h[6] = h[6]! + g;
    h[7] = h[7]! + hh;
  }
}

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/**
 * UTF-8 bytes of a JavaScript string (lone surrogates become U+FFFD, as TextEncoder does). The
 * texts hashed include multi-megabyte DEMs, which are ASCII: that is its own encoding, copied in
 * one plain pass with no per-code-point callback.
 */
function utf8(text: string): Uint8Array {
  const ascii = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return multibyteUtf8(text);
    ascii[i] = code;
  }
  return ascii;
}

/** Two passes over the code points (size, then bytes) into one exact buffer. */
function multibyteUtf8(text: string): Uint8Array {
  let size = 0;
  forEachCodePoint(text, (code) => (size += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4));
  const bytes = new Uint8Array(size);
  let n = 0;
  forEachCodePoint(text, (code) => {
    if (code < 0x80) bytes[n++] = code;
    else if (code < 0x800) {
      bytes[n++] = 0xc0 | (code >> 6);
      bytes[n++] = 0x80 | (code & 63);
    } else if (code < 0x10000) {
      bytes[n++] = 0xe0 | (code >> 12);
      bytes[n++] = 0x80 | ((code >> 6) & 63);
      bytes[n++] = 0x80 | (code & 63);
    } else {
      bytes[n++] = 0xf0 | (code >> 18);
      bytes[n++] = 0x80 | ((code >> 12) & 63);
      bytes[n++] = 0x80 | ((code >> 6) & 63);
      bytes[n++] = 0x80 | (code & 63);
    }
  });
  return bytes;
}

function forEachCodePoint(text: string, visit: (code: number) => void): void {
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    visit(code >= 0xd800 && code <= 0xdfff ? 0xfffd : code);
  }
}
