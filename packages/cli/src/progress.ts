/**
 * Progress for long runs, on stderr only so stdout stays clean data. On a terminal a bar line is
 * redrawn in place; elsewhere (CI logs, pipes) a plain line is printed at most every few seconds.
 * Pass `now` to keep tests deterministic.
 */
export interface Progress {
  update(done: number): void;
  finish(): void;
}

export function createProgress(
  label: string,
  total: number,
  options: { enabled?: boolean; now?: () => number } = {},
): Progress {
  const enabled = options.enabled ?? true;
  const now = options.now ?? (() => performance.now());
  const isTty = process.stderr.isTTY;
  const minIntervalMs = isTty ? 200 : 5000;
  const start = now();
  let last = start;
  let printed = false;
  const line = (done: number) => {
    const seconds = (now() - start) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const percent = total > 0 ? ((100 * done) / total).toFixed(1) : '100.0';
    return `${label}: ${isTty ? `${bar(done, total)} ` : ''}${done}/${total} (${percent}%), ${rate}/s`;
  };
  return {
    update(done) {
      if (!enabled) return;
      const t = now();
      if (t - last < minIntervalMs) return;
      last = t;
      printed = true;
      process.stderr.write(isTty ? `\r${line(done)}` : `${line(done)}\n`);
    },
    finish() {
      if (!enabled || !printed) return;
      process.stderr.write(isTty ? `\r${line(total)}\n` : `${line(total)}\n`);
    },
  };
}

/** A 20-cell bar for terminals, e.g. `[########------------]`. */
function bar(done: number, total: number): string {
  const cells = 20;
  const filled = total > 0 ? Math.min(cells, Math.floor((cells * done) / total)) : cells;
  return `[${'#'.repeat(filled)}${'-'.repeat(cells - filled)}]`;
}
