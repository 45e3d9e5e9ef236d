/**
 * WCAG 2.x contrast of every visible text on a page, computed in the page: the text colour
 * against the background it sits on, found by compositing the background colours of its
 * ancestors (Tailwind's translucent panels included) over the page's. Colours are resolved
 * by painting them on a 1×1 canvas, which reads any CSS colour (oklch, color-mix) as sRGB.
 * AA asks 4.5:1 for body text and 3:1 for large text (24 px, or 18.66 px bold). Disabled
 * controls are exempt, as WCAG exempts inactive components; SVG text counts with its fill,
 * except on the lattice, whose background is its own drawing.
 *
 * Elements marked `data-contrast-border` (legend swatches) are graphics whose border must show
 * 3:1 against their surroundings (WCAG 1.4.11). Text forced into capitals by CSS is reported
 * too, as harder to read.
 *
 * Returns one line per failure: ratio, colours and the text.
 */
export const lowContrastTexts = (): string[] => {
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  const draw = canvas.getContext('2d', { willReadFrequently: true })!;
  const rgba = (color: string): [number, number, number, number] => {
    draw.clearRect(0, 0, 1, 1);
    draw.fillStyle = '#000';
    draw.fillStyle = color;
    draw.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = draw.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!, a! / 255];
  };
  const over = (top: [number, number, number, number], below: [number, number, number]): [number, number, number] => [
    top[0] * top[3] + below[0] * (1 - top[3]),
    top[1] * top[3] + below[1] * (1 - top[3]),
    top[2] * top[3] + below[2] * (1 - top[3]),
  ];
  const luminance = ([r, g, b]: [number, number, number]) => {
    const channel = (v: number) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const backdrop = (element: Element): [number, number, number] => {
    const chain: Element[] = [];
    for (let node: Element | null = element; node !== null; node = node.parentElement) chain.unshift(node);
    let color: [number, number, number] = [255, 255, 255];
    for (const node of chain) if (!(node instanceof SVGElement)) color = over(rgba(getComputedStyle(node).backgroundColor), color);
    return color;
  };
  const ratioOf = (a: [number, number, number], b: [number, number, number]) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (light + 0.05) / (dark + 0.05);
  };
  const failures: string[] = [];
  for (const swatch of document.querySelectorAll('[data-contrast-border]')) {
    if (!swatch.checkVisibility()) continue;
    const background = backdrop(swatch.parentElement!);
    const ratio = ratioOf(over(rgba(getComputedStyle(swatch).borderTopColor), background), background);
    if (ratio < 3) failures.push(`${ratio.toFixed(2)}:1 swatch border: ${swatch.parentElement!.textContent?.trim().slice(0, 40)}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node.textContent?.trim() ?? '';
    const element = node.parentElement;
    if (text === '' || element === null || !element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
    if (element.closest('button:disabled, input:disabled, select:disabled, textarea:disabled, [data-testid="lattice"], title, option') !== null) continue;
    const style = getComputedStyle(element);
    const svg = element instanceof SVGElement;
    const background = backdrop(svg ? element.closest('svg')!.parentElement! : element);
    const foreground = over(rgba(svg ? style.fill : style.color), background);
    const ratio = ratioOf(foreground, background);
    if (style.textTransform === 'uppercase') failures.push(`forced capitals: ${text.slice(0, 60)}`);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) failures.push(`${ratio.toFixed(2)}:1 rgb(${foreground.map(Math.round).join(',')}) on rgb(${background.map(Math.round).join(',')}): ${text.slice(0, 60)}`);
  }
  return failures;
};
