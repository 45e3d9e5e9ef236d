import { formatCompletion, REWARD_WEIGHTS, REWARD_WIRE_NAMES, type RewardName } from '@verilab/qubit-medic';
import { RewardBars } from '../../../components/reward-bars.tsx';
import type { StepInfo } from '../api/qubit-medic-api.ts';

/** The step's verdict: the five rewards with their weights, and the three frames side by side. */
export function StepResult({ info }: { info: StepInfo }) {
  const rows = (Object.keys(REWARD_WEIGHTS) as RewardName[]).map((name) => {
    const wireName = REWARD_WIRE_NAMES[name];
    return { name: wireName, value: info.rewards[wireName], weight: REWARD_WEIGHTS[name] };
  });
  const frames = [
    ['your answer', info.parsed_action.x_error_qubits, info.parsed_action.z_error_qubits],
    ['decoder', info.pymatching_x_errors, info.pymatching_z_errors],
    ['true error', info.true_x_errors, info.true_z_errors],
  ] as const;
  return (
    <div className="flex flex-col gap-3">
      <RewardBars testId="qm-rewards" rows={rows} total={info.rewards.total} />
      <table className="text-xs">
        <tbody>
          {frames.map(([label, x, z]) => (
            <tr key={label}>
              <td className="pr-3 text-slate-400">{label}</td>
              <td className="font-mono text-slate-200">{formatCompletion(x, z)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-400">
        Logical flip: actual <b className="text-slate-200">{info.actual_observable_flip}</b>, decoder predicted{' '}
        <b className="text-slate-200">{info.pymatching_observable_pred}</b>. Parse: {info.parsed_action.parse_success ? 'ok' : 'failed'}
        {info.parsed_action.strict_format ? ', strict format' : ''}; profile {info.reward_profile}.
      </p>
    </div>
  );
}
