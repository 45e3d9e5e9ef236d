import { describe, expect, it } from 'vitest';
import { prettyJson } from './pretty-json.ts';

describe('prettyJson', () => {
  it('keeps scalar arrays on one line and round-trips', () => {
    const value = { bits: [0, 1, 0], info: { rewards: { total: 0.5 }, list: [{ a: 'x' }], empty: [], none: null } };
    const text = prettyJson(value);
    expect(text).toBe(
      '{\n  "bits": [0, 1, 0],\n  "info": {\n    "rewards": {\n      "total": 0.5\n    },\n    "list": [\n      {\n        "a": "x"\n      }\n    ],\n    "empty": [],\n    "none": null\n  }\n}',
    );
    expect(JSON.parse(text)).toEqual(value);
    expect(prettyJson('it "quotes"')).toBe('"it \\"quotes\\""');
  });
});
