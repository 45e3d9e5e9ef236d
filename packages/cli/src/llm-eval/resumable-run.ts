/**
 * The run of a resumable evaluation (`verilab eval`, `verilab physix eval`): the episodes of a
 * plan — each task (level or system) × seeds seed-start + k — that the results file does not
 * hold yet are played by a pool of `concurrency` workers, each appended as one line as soon as
 * it is done (see results-file.ts), and the stored episodes come back in plan order, so a
 * summary computed from them is the same whether the run was interrupted or not.
 *
 * An episode whose model request fails after its retries is left for a rerun (the run ends
 * with exit 1 and says so); a request the endpoint rejects (bad key, unknown model) stops the
 * run with exit 2, as does any CliError.
 */
import { CliError, FAILURE_EXIT_CODE } from '../cli-error.ts';
import { createProgress } from '../progress.ts';
import { LlmRejectedError } from './llm-client.ts';
import { describeRowIssue, loadResultLines, openResultsAppender, type ResultRow } from './results-file.ts';

export interface PlannedEpisode {
  /** Position in the plan: task-major, then seed. */
  readonly index: number;
  /** The level or system. */
  readonly task: string;
  readonly seed: number;
}

/** What resuming needs of a results line. */
export interface StoredLine {
  readonly task: string;
  readonly seed: number;
  readonly run: string;
}

export function planEpisodes(tasks: readonly string[], episodes: number, seedStart: number): PlannedEpisode[] {
  return tasks.flatMap((task, t) => Array.from({ length: episodes }, (_, k) => ({ index: t * episodes + k, task, seed: seedStart + k })));
}

export interface ResumableRun<S extends StoredLine, P> {
  /** Progress label, e.g. 'eval'. */
  readonly label: string;
  /** The results JSONL, resumed when it exists. */
  readonly out: string;
  /** The run id every line carries (see runId). */
  readonly run: string;
  readonly plan: readonly PlannedEpisode[];
  readonly concurrency: number;
  /** A results line: what it must hold, read as what resuming and the summary need of it. */
  readonly row: ResultRow<S>;
  /** Plays one episode (asking the model). */
  play(planned: PlannedEpisode): Promise<P>;
  /** The results line of a played episode; `row` must accept it. */
  line(planned: PlannedEpisode, played: P): Readonly<Record<string, unknown>>;
}

/** Plays what the results file lacks; returns every planned episode's stored line, in plan order. */
export async function runResumable<S extends StoredLine, P>(spec: ResumableRun<S, P>): Promise<S[]> {
  const key = (episode: { readonly task: string; readonly seed: number }) => `${episode.task}|${episode.seed}`;
  const stored = new Map<string, S>();
  for (const episode of await loadResultLines(spec.out, spec.run, spec.row)) {
    if (!stored.has(key(episode))) stored.set(key(episode), episode);
  }
  const todo = spec.plan.filter((planned) => !stored.has(key(planned)));
  const progress = createProgress(spec.label, spec.plan.length);
  let done = spec.plan.length - todo.length;
  const appender = await openResultsAppender(spec.out);
  const failures = { count: 0, last: '' };
  let rejected: LlmRejectedError | undefined;
  let next = 0;
  const worker = async () => {
    while (next < todo.length && rejected === undefined) {
      const planned = todo[next++]!;
      let played: P;
      try {
        played = await spec.play(planned);
      } catch (error) {
        if (error instanceof CliError) throw error;
        if (error instanceof LlmRejectedError) rejected = error;
        else {
          failures.count++;
          failures.last = error instanceof Error ? error.message : String(error);
        }
        continue;
      }
      const line = spec.line(planned, played);
      await appender.append(line);
      const episode = spec.row.safeParse(line);
      if (!episode.success) throw new Error(`${spec.label} wrote a results line it cannot read: ${describeRowIssue(episode.error)}`);
      stored.set(key(planned), episode.data);
      progress.update(++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(spec.concurrency, todo.length) }, worker));
  } finally {
    await appender.close();
  }
  if (rejected !== undefined) throw new CliError(rejected.message);
  progress.finish();
  if (failures.count > 0) {
    throw new CliError(
      `${failures.count} of ${spec.plan.length} episodes failed (${failures.last}); the finished ones are in ${spec.out}: run the same command again to resume`,
      { exitCode: FAILURE_EXIT_CODE },
    );
  }
  return spec.plan.map((planned) => stored.get(key(planned))!);
}
