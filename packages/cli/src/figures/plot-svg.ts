/**
 * Observable Plot rendered without a browser: into a linkedom document, serialised as a bare
 * `<svg>`. Plot's HTML `<figure>` wrapper (made for legends, titles and captions) is avoided —
 * resvg needs an SVG root — so figures draw their titles and legends as marks.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { FONT_FAMILY } from './svg-render.ts';

/** What we use of the element Plot returns (the project compiles without the DOM lib). */
interface RenderedNode {
  readonly tagName: string;
  readonly outerHTML: string;
  setAttribute(name: string, value: string): void;
}

/** Renders a Plot specification to a standalone SVG string. */
export function plotToSvg(options: Plot.PlotOptions): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const style = { fontFamily: FONT_FAMILY, background: 'white', ...styleObject(options.style) };
  const node = Plot.plot({ ...options, document, style } as Plot.PlotOptions) as unknown as RenderedNode;
  if (node.tagName.toLowerCase() !== 'svg') throw new Error('figure rendered to HTML, not SVG: drop legend/title/caption options');
  node.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `${node.outerHTML}\n`;
}

function styleObject(style: Plot.PlotOptions['style']): Record<string, string> {
  return typeof style === 'object' && style !== null ? (style as Record<string, string>) : {};
}

