import type { TrajectorySample } from '@verilab/physix';
import { Button } from '../../../components/ui.tsx';
import { usePlayback } from '../../../hooks/use-playback.ts';
import { TrajectoryChart } from './trajectory-chart.tsx';

/**
 * The observed trajectory and a prediction side by side, one row per state variable, replayed
 * sample by sample on a shared clock.
 */
export function TrajectoryPanel({
  variables,
  observed,
  predicted,
  predictionLabel,
}: {
  variables: readonly string[];
  observed: readonly TrajectorySample[];
  predicted: readonly TrajectorySample[] | undefined;
  predictionLabel: string;
}) {
  const playback = usePlayback(observed.length, 40);
  // At rest the whole trajectory shows; a replay draws it sample by sample.
  const frame = playback.playing ? playback.frame : observed.length - 1;
  const times = observed.map((sample) => sample['t'] ?? 0);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-3">
        <Button
          className="w-20"
          onClick={() => {
            if (playback.playing) playback.setFrame(observed.length - 1);
            else {
              playback.setFrame(0);
              playback.toggle();
            }
          }}
        >
          {playback.playing ? 'Stop' : 'Replay'}
        </Button>
        <span className="text-xs text-slate-400">
          t = {(times[frame] ?? 0).toFixed(2)} s · left: observed (noisy) · right: {predictionLabel}
        </span>
      </div>
      {variables.map((name) => (
        <div key={name} className="grid grid-cols-2 gap-2">
          <TrajectoryChart
            testId={`observed-${name}`}
            title={`${name} observed`}
            times={times}
            observed={observed.map((s) => s[name] ?? NaN)}
            predicted={predicted?.map((s) => s[name] ?? NaN)}
            focus="observed"
            frame={frame}
            color="#e2e8f0"
          />
          <TrajectoryChart
            testId={`predicted-${name}`}
            title={`${name} ${predictionLabel}`}
            times={times}
            observed={observed.map((s) => s[name] ?? NaN)}
            predicted={predicted?.map((s) => s[name] ?? NaN)}
            focus="predicted"
            frame={frame}
            color="#38bdf8"
          />
        </div>
      ))}
    </div>
  );
}
