/**
 * Figures as files: SVG text rasterised to PNG by resvg, and what hand-written SVG shares with
 * Plot's. Text uses DejaVu Sans, which Debian installs by default, so the PNG looks the same on
 * every machine (resvg draws no text when the font is missing).
 */
import { Resvg } from '@resvg/resvg-js';

export const FONT_FAMILY = 'DejaVu Sans';

/** Rasterises an SVG at `scale` × its size, on white, with the system fonts. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
