/**
 * Code comments give their reasons by citing `docs/<page>.md#<anchor>`, and the Markdown files
 * link to each other: every such citation and relative link must lead to a file and an anchor
 * that exist, so a reader of a clone can follow all of them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEXT_FILE = /\.(ts|tsx|js|mjs|py|md|ya?ml)$|(^|\/)Dockerfile$/;

const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((file) => TEXT_FILE.test(file) && existsSync(path.join(ROOT, file)));

/** Explicit `<a id="…">` anchors and GitHub's heading slugs. */
function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8');
  const anchors = new Set([...text.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]!));
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    anchors.add(
      heading!
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    );
  }
  return anchors;
}

/** What is wrong with a reference to `target` (an absolute path, with an optional anchor), or undefined. */
function brokenReference(target: string, anchor: string | undefined): string | undefined {
  if (!existsSync(target)) return 'no such file';
  if (anchor === undefined || !target.endsWith('.md')) return undefined;
  return anchorsOf(target).has(anchor) ? undefined : `no anchor #${anchor}`;
}

describe('documentation references', () => {
  it('every docs/<page>.md#<anchor> cited in the repository exists', () => {
    const broken: string[] = [];
    let cited = 0;
    for (const file of files) {
      for (const match of readFileSync(path.join(ROOT, file), 'utf8').matchAll(/(?<![\w/.-])docs\/([\w.-]+\.md)(?:#([\w-]+))?/g)) {
        cited++;
        const problem = brokenReference(path.join(ROOT, 'docs', match[1]!), match[2]);
        if (problem !== undefined) broken.push(`${file}: ${match[0]} (${problem})`);
      }
    }
    expect(cited).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });

  it('every relative link in the Markdown files leads to a file and anchor that exist', () => {
    const broken: string[] = [];
    for (const file of files.filter((name) => name.endsWith('.md'))) {
      const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const [, link] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(link!)) continue;
        const [target, anchor] = link!.split('#') as [string, string | undefined];
        const resolved = target === '' ? path.join(ROOT, file) : path.resolve(ROOT, path.dirname(file), target);
        const problem = brokenReference(resolved, anchor);
        if (problem !== undefined) broken.push(`${file}: (${link}) (${problem})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
