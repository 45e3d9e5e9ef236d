import { describe, expect, it } from 'vitest';
import { describeDetail } from './api-client.ts';

describe('describeDetail', () => {
  it('reads FastAPI messages and pydantic error lists', () => {
    expect(describeDetail({ detail: 'unknown episode' })).toBe('unknown episode');
    expect(describeDetail({ detail: [{ loc: ['body', 'action', 'episode_id'], msg: 'Field required', type: 'missing' }] })).toBe(
      'action.episode_id: Field required',
    );
    expect(describeDetail({ detail: [{ loc: ['body', 'level'], msg: 'Value error, level "x" is larger than this server serves' }] })).toBe(
      'level: level "x" is larger than this server serves',
    );
    expect(describeDetail('Internal Server Error')).toBe('Internal Server Error');
  });
});
