import { z } from 'zod';
import type { HostedEnvironment, HostedInstance } from '../hosted-environment.ts';
import { ACTION_BASE_FIELDS, OBSERVATION_BASE_FIELDS } from '../wire/openenv-models.ts';

/**
 * TEST DOUBLE: a second, multi-step hosted environment (count up to a target), standing in
 * for PhysiX until it lands. It checks that hosting is generic: several environments in one
 * server, and multi-step episodes over stateless HTTP (each step returns a new token).
 */
const CounterAction = z.strictObject({
  ...ACTION_BASE_FIELDS,
  add: z.int().min(1).max(10),
  episode_id: z.string().nullable().default(null),
});
type CounterAction = z.output<typeof CounterAction>;

const CounterEpisode = z.strictObject({ count: z.int(), target: z.int() });
type CounterEpisode = z.output<typeof CounterEpisode>;

export function createCounterHost(): HostedEnvironment<CounterEpisode, CounterAction> {
  const instance: () => HostedInstance<CounterEpisode, CounterAction> = () => {
    let steps = 0;
    return {
      reset(kwargs, name) {
        const episode = { count: 0, target: typeof kwargs.target === 'number' ? kwargs.target : 3 };
        return { ok: true, value: { observation: { observation: { count: 0, episode_id: name(episode) }, reward: null, done: false }, next: episode } };
      },
      step(episode, _id, action, name) {
        steps++;
        const next = { count: episode.count + action.add, target: episode.target };
        const done = next.count >= next.target;
        const id = done ? null : name(next);
        return {
          ok: true,
          value: { observation: { observation: { count: next.count, episode_id: id }, reward: next.count, done }, ...(done ? {} : { next }) },
        };
      },
      state: () => ({ steps }),
    };
  };
  return {
    name: 'counter',
    metadata: { name: 'CounterEnvironment', description: 'Counts to a target.', readme_content: null, version: null, author: null, documentation_url: null },
    action: CounterAction,
    observation: z.strictObject({ ...OBSERVATION_BASE_FIELDS, count: z.int(), episode_id: z.string().nullable() }).meta({ title: 'CounterObservation' }),
    resetOptions: z.object({ target: z.int().min(1).max(100).optional() }),
    episode: CounterEpisode,
    createInstance: instance,
    tools: [],
    routes: [],
    health: () => ({}),
  };
}

/** A host named `broken` whose factory always throws, for the FACTORY_ERROR paths. */
export function createBrokenHost(): HostedEnvironment<CounterEpisode, CounterAction> {
  return {
    ...createCounterHost(),
    name: 'broken',
    createInstance: () => {
      throw new Error('no instance today');
    },
  };
}
