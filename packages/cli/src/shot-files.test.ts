import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeShots, SHOT_FORMATS, type DetsLayout } from '@verilab/qec';
import { CliError } from './cli-error.ts';
import { MAX_BATCH_BYTES, openShotOutput, readShotBatches, resolveSeed, type ShotBatch } from './shot-files.ts';

const LAYOUT: DetsLayout = [{ prefix: 'D', count: 11 }];
const work = mkdtempSync(path.join(tmpdir(), 'verilab-shot-files-'));
const file = (name: string) => path.join(work, name);

async function collect(batches: AsyncIterable<ShotBatch>): Promise<ShotBatch[]> {
  const out: ShotBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

/** `shots` rows of 11 bits with a recognizable pattern (shot index in the low bits). */
function pattern(shots: number): Uint8Array {
  const rows = new Uint8Array(shots * 2);
  for (let s = 0; s < shots; s++) {
    rows[2 * s] = s & 0xff;
    rows[2 * s + 1] = (s >>> 8) & 0b111;
  }
  return rows;
}

describe('readShotBatches', () => {
  for (const format of SHOT_FORMATS) {
    it(`reads ${format} in batches of exactly batchShots, the last one smaller`, async () => {
      const shots = 2560;
      const rows = pattern(shots);
      writeFileSync(file(`p.${format}`), encodeShots(format, rows, 11, shots, LAYOUT));
      const batches = await collect(readShotBatches(file(`p.${format}`), format, 11, 1000, 'shots', LAYOUT));
      expect(batches.map((b) => b.shots)).toEqual([1000, 1000, 560]);
      expect(batches.map((b) => b.rows.length)).toEqual([2000, 2000, 1120]);
      expect(Buffer.concat(batches.map((b) => b.rows)).equals(rows)).toBe(true);
    });
  }

  it('holds at most MAX_BATCH_BYTES of wide rows in a batch, whatever batchShots asks for', async () => {
    // 3 MiB rows (a model of ~25M detectors): a batch of 16,384 such shots would need 48 GiB.
    const rowBytes = 3 * 1024 * 1024;
    const perBatch = Math.floor(MAX_BATCH_BYTES / rowBytes);
    const shots = perBatch + 2;
    const rows = new Uint8Array(shots * rowBytes);
    for (let s = 0; s < shots; s++) rows[s * rowBytes + (s % rowBytes)] = s + 1;
    for (const format of ['b8', 'r8'] as const) {
      writeFileSync(file(`wide.${format}`), encodeShots(format, rows, rowBytes * 8, shots));
      const batches = await collect(readShotBatches(file(`wide.${format}`), format, rowBytes * 8, 16_384));
      expect(batches.map((b) => b.shots)).toEqual([perBatch, 2]);
      expect(Buffer.concat(batches.map((b) => b.rows)).equals(rows)).toBe(true);
    }
  });

  it('reads an empty file as no batches, and 0-bit 01 lines as shots', async () => {
    writeFileSync(file('empty.b8'), '');
    expect(await collect(readShotBatches(file('empty.b8'), 'b8', 8, 10))).toEqual([]);
    writeFileSync(file('zero.01'), '\n\n\n');
    expect(await collect(readShotBatches(file('zero.01'), '01', 0, 2))).toEqual([
      { rows: new Uint8Array(0), shots: 2 },
      { rows: new Uint8Array(0), shots: 1 },
    ]);
  });

  it('names the file, line and column of malformed 01 data', async () => {
    writeFileSync(file('bad.01'), '0000\n0000\n00x0\n');
    await expect(collect(readShotBatches(file('bad.01'), '01', 4, 1))).rejects.toThrow(
      new CliError(`${file('bad.01')}:line 3, column 3: shot 2 (line 3) has unexpected character 'x' at column 3; 01 data holds only '0' and '1', one line per shot`),
    );
    writeFileSync(file('short.01'), '0000\n000\n');
    await expect(collect(readShotBatches(file('short.01'), '01', 4, 10))).rejects.toThrow(
      `${file('short.01')}:line 2, column 4: shot 1 (line 2) has 3 bits, expected 4`,
    );
  });

  it('names the file and shot of truncated b8 data, and a missing file', async () => {
    writeFileSync(file('cut.b8'), Uint8Array.of(1, 2, 3));
    await expect(collect(readShotBatches(file('cut.b8'), 'b8', 16, 10))).rejects.toThrow(
      `${file('cut.b8')}: b8 data ended in the middle of shot 1: 1 of 2 bytes (16 bits padded to whole bytes)`,
    );
    await expect(collect(readShotBatches(file('nope.b8'), 'b8', 16, 10, 'detection events'))).rejects.toThrow(
      `cannot read detection events "${file('nope.b8')}": no such file`,
    );
    await expect(collect(readShotBatches(work, 'b8', 16, 10, 'detection events'))).rejects.toThrow(`cannot read detection events "${work}": is a directory`);
  });

  it('names the b8 shot with padding bits set, after handing out the batches before it', async () => {
    const rows = pattern(25);
    rows[2 * 21 + 1] = 0b1000; // bit 11 of shot 21: past the 11 bits of a shot
    writeFileSync(file('padded.b8'), rows);
    const seen: number[] = [];
    const failure = await (async () => {
      for await (const batch of readShotBatches(file('padded.b8'), 'b8', 11, 10)) seen.push(batch.shots);
    })().catch((error: unknown) => error);
    expect(seen).toEqual([10, 10]);
    expect(failure).toEqual(
      new CliError(`${file('padded.b8')}: b8 shot 21 has padding bits set in its last byte (byte 2 of 2); with 11 bits per shot they must be 0 — is the bit count right?`),
    );
  });

  it('reads a file one batch ahead, yet hands out the batches before a malformed one first, and a caller that stops early never sees it', async () => {
    // 40,000 good shots (past the first 64 KiB read), then a bad character on line 40,001.
    writeFileSync(file('late.01'), '10\n'.repeat(40_000) + '1x\n');
    const seen: number[] = [];
    const failure = await (async () => {
      for await (const batch of readShotBatches(file('late.01'), '01', 2, 10_000)) seen.push(batch.shots);
    })().catch((error: unknown) => error);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((shots) => shots === 10_000)).toBe(true);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).message).toMatch(/late\.01:line 40001, column 2: /);
    // Stopping after the first batch, while the next is already being read: no error.
    for await (const batch of readShotBatches(file('late.01'), '01', 2, 10_000)) {
      expect(batch.shots).toBe(10_000);
      break;
    }
  });

  it('reads a large file with bounded batches', async () => {
    const shots = 300_000;
    writeFileSync(file('big.01'), encodeShots('01', pattern(shots), 11, shots));
    let total = 0;
    let largest = 0;
    for await (const batch of readShotBatches(file('big.01'), '01', 11, 4096)) {
      total += batch.shots;
      largest = Math.max(largest, batch.rows.length);
    }
    expect([total, largest]).toEqual([shots, 4096 * 2]);
  });
});

describe('openShotOutput', () => {
  it('writes batches in the chosen format, carrying partial ptb64 groups to the next write', async () => {
    for (const format of SHOT_FORMATS) {
      const out = openShotOutput(file(`w.${format}`), format, 11, 'test rows', LAYOUT);
      const rows = pattern(128);
      await out.write(rows.subarray(0, 20), 10);
      await out.write(rows.subarray(20), 118);
      await out.close();
      expect(readFileSync(file(`w.${format}`)).equals(encodeShots(format, rows, 11, 128, LAYOUT))).toBe(true);
    }
  });

  it('is done with the rows once a write resolves, so the caller may reuse them (b8 rows are written as they are)', async () => {
    for (const format of SHOT_FORMATS) {
      const layout: DetsLayout = [{ prefix: 'D', count: 16 }];
      const out = openShotOutput(file(`reuse.${format}`), format, 16, 'test rows', layout);
      const rows = pattern(128);
      const reused = rows.slice(0, 128);
      await out.write(reused, 64);
      reused.set(rows.subarray(128));
      await out.write(reused, 64);
      await out.close();
      expect(readFileSync(file(`reuse.${format}`)).equals(encodeShots(format, rows, 16, 128, layout))).toBe(true);
    }
  });

  it('refuses to close a ptb64 output with a partial group of 64 shots', async () => {
    const out = openShotOutput(file('partial.ptb64'), 'ptb64', 11, 'test rows');
    await out.write(pattern(70), 70);
    await expect(out.close()).rejects.toThrow(/ptb64 holds whole groups of 64 shots, and 6 shots were left over/);
  });
});

describe('resolveSeed', () => {
  it('keeps a given seed, and draws an unseeded run\'s from every safe integer', () => {
    expect(resolveSeed(5)).toBe(5);
    const drawn = Array.from({ length: 8 }, () => resolveSeed(undefined));
    expect(new Set(drawn).size).toBe(8);
    expect(drawn.every((seed) => Number.isSafeInteger(seed) && seed >= 0)).toBe(true);
    // A draw is 2^48 or more with probability 31/32: all 8 below fails once in 2^40 runs (and
    // always for randomInt's range, below 2^48).
    expect(drawn.some((seed) => seed >= 2 ** 48)).toBe(true);
  });
});
