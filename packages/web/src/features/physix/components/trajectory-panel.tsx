import type { TrajectorySample } from '@verilab/physix';
import { Button } from '../../../components/ui.tsx';
import { usePlayback } from '../../../hooks/use-playback.ts';
import { axisLabel } from '../utils/axis-label.ts';
import { TrajectoryChart } from './trajectory-chart.tsx';

/**
 * The observed trajectory with a prediction overlaid, one chart (and its residuals) per state
 * variable, replayed sample by sample on a shared clock.
 */
export function TrajectoryPanel({
  systemId,
  variables,
  observed,
  predicted,
  predictionLabel,
}: {
  systemId: string;
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
    <div className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
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
        <span className="text-xs text-slate-300">t = {(times[frame] ?? 0).toFixed(2)} s</span>
      </div>
      <div className="grid min-w-0 gap-4 xl:grid-cols-2">
        {variables.map((name) => (
          <TrajectoryChart
            key={name}
            variable={name}
            yLabel={axisLabel(systemId, name)}
            times={times}
            observed={observed.map((s) => s[name] ?? NaN)}
            predicted={predicted?.map((s) => s[name] ?? NaN)}
            predictionLabel={predictionLabel}
            frame={frame}
          />
        ))}
      </div>
    </div>
  );
}
