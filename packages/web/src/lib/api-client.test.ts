import { describe, expect, it } from 'vitest';
import { describeDetail } from './api-client.ts';

describe('describeDetail', () => {
  it('reads FastAPI messages and pydantic error lists', () => {
    expect(describeDetail({ detail: 'unknown episode' })).toBe('unknown episode');
    expect(describeDetail({ detail: [{ loc: ['body', 'action', 'episode_id'], msg: 'Field required', type: 'missing' }] })).toBe(
      'body.action.episode_id: Field required',
    );
    expect(describeDetail('Internal Server Error')).toBe('Internal Server Error');
  });
});
