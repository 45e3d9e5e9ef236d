import { describe, expect, it } from 'vitest';
import { formatSinterRow, parseSinterCsv, SINTER_CSV_HEADER } from './sinter-csv.ts';

const row = { shots: 1000, errors: 42, discards: 0, seconds: 0.125, decoder: 'matching', strongId: 'abc123', metadata: { d: 3, p: 0.001, r: 3, basis: 'Z' } };

describe('Sinter CSV', () => {
  it("writes Sinter's header and rows byte for byte", () => {
    // sinter.CSV_HEADER and sinter's csv_line(...) for the same values (_csv_out.py).
    expect(SINTER_CSV_HEADER).toBe('     shots,    errors,  discards, seconds,decoder,strong_id,json_metadata,custom_counts\n');
    expect(formatSinterRow(row)).toBe('      1000,        42,         0,   0.125,matching,abc123,"{""basis"":""Z"",""d"":3,""p"":0.001,""r"":3}",\n');
    expect(formatSinterRow({ ...row, seconds: 3.14159 })).toContain(',    3.14,');
    expect(formatSinterRow({ ...row, seconds: 123.456 })).toContain(',   123.5,');
  });

  it('reads back what it writes, and reads Sinter-style files without custom_counts', () => {
    const text = SINTER_CSV_HEADER + formatSinterRow(row) + formatSinterRow({ ...row, shots: 7, errors: 1 });
    const parsed = parseSinterCsv(text);
    expect(parsed.ok && parsed.value.rows.map((r) => [r.line, r.shots, r.errors, r.strongId, r.metadata])).toEqual([
      [2, 1000, 42, 'abc123', row.metadata],
      [3, 7, 1, 'abc123', row.metadata],
    ]);
    expect(parsed.ok && [parsed.value.wholeLength, parsed.value.needsNewline]).toEqual([text.length, false]);
    // The example of sinter.read_stats_from_csv_files (_existing_data.py), columns unpadded.
    const sinter = 'shots,errors,discards,seconds,decoder,strong_id,json_metadata\n1000,42,0,0.125,pymatching,9c31908e2b,"{""d"":9}"\n';
    const other = parseSinterCsv(sinter);
    expect(other.ok && other.value.rows[0]).toMatchObject({ shots: 1000, errors: 42, decoder: 'pymatching', strongId: '9c31908e2b', metadata: { d: 9 } });
  });

  it('drops a partial last line (a write cut by a kill) but keeps a whole row missing only its newline', () => {
    const whole = SINTER_CSV_HEADER + formatSinterRow(row);
    const next = formatSinterRow({ ...row, shots: 5 });
    for (let cut = 1; cut < next.length - 1; cut++) {
      const parsed = parseSinterCsv(whole + next.slice(0, cut));
      expect(parsed.ok && [parsed.value.rows.length, parsed.value.wholeLength, parsed.value.needsNewline]).toEqual([1, whole.length, false]);
    }
    const unterminated = parseSinterCsv(whole + next.slice(0, -1));
    expect(unterminated.ok && [unterminated.value.rows.length, unterminated.value.needsNewline]).toEqual([2, true]);
    expect(parseSinterCsv('').ok && parseSinterCsv('').ok).toBe(true);
    const headerCut = parseSinterCsv(SINTER_CSV_HEADER.slice(0, 20));
    expect(headerCut.ok && headerCut.value.wholeLength).toBe(0);
  });

  it('reports malformed files by line', () => {
    const bad = (text: string) => {
      const parsed = parseSinterCsv(text);
      return parsed.ok ? 'ok' : parsed.issues.map((i) => `${i.line}: ${i.message}`).join('; ');
    };
    expect(bad('a,b,c\n1,2,3\n')).toMatch(/^1: not a Sinter CSV header: missing column\(s\) shots/);
    expect(bad(`${SINTER_CSV_HEADER}1,2,3\n`)).toBe('2: expected 8 fields, got 3');
    expect(bad(SINTER_CSV_HEADER + formatSinterRow(row).replace('  42,', '4.2,'))).toBe('2: errors "4.2" is not a non-negative integer');
    expect(bad(SINTER_CSV_HEADER + formatSinterRow(row).replace('""d""', 'd'))).toMatch(/^2: json_metadata is not JSON/);
  });
});
