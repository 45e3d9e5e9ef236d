import { readFileSync } from 'node:fs';
import { DOMParser } from 'linkedom';

/** Test support: what a figure file holds — its SVG as a queryable DOM, its PNG's size. */
export interface SvgView {
  /** Elements matching a CSS selector. */
  all(selector: string): { textContent: string | null; getAttribute(name: string): string | null }[];
  texts(selector: string): string[];
  readonly width: number;
  readonly height: number;
}

export function readSvg(path: string): SvgView {
  const text = readFileSync(path, 'utf8');
  const document = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = document.documentElement;
  if (root.tagName.toLowerCase() !== 'svg') throw new Error(`${path}: root is <${root.tagName}>, not <svg>`);
  if (root.getAttribute('xmlns') !== 'http://www.w3.org/2000/svg') throw new Error(`${path}: no SVG xmlns on the root`);
  const all = (selector: string) => [...document.querySelectorAll(selector)] as unknown as ReturnType<SvgView['all']>;
  return {
    all,
    texts: (selector) => all(selector).map((element) => (element.textContent ?? '').trim()),
    width: Number(root.getAttribute('width')),
    height: Number(root.getAttribute('height')),
  };
}

/** Width and height from a PNG's IHDR chunk (after checking the signature). */
export function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error(`${path} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
