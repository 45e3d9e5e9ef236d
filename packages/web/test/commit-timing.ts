/**
 * Milliseconds from a click to React's commit of what it changed, and to the next frame painted
 * after it, run in the page. React renders a click's update in a microtask after the event, so
 * the commit is when a MutationObserver sees the first DOM change; the frame is the next
 * animation frame after that commit, plus a task (a requestAnimationFrame callback runs just
 * before the frame's style, layout and paint, and a task posted from it runs once they are
 * done). Clicks cycle through `selectors` (so each one changes something), `repeats` in all,
 * one after another.
 */
export interface ClickTiming {
  readonly commit: number;
  readonly paint: number;
}

export const clickTimes = async ({ selectors, repeats }: { selectors: readonly string[]; repeats: number }): Promise<ClickTiming[]> => {
  const times: ClickTiming[] = [];
  for (let k = 0; k < repeats; k++) {
    const target = document.querySelector(selectors[k % selectors.length]!);
    if (target === null) throw new Error(`no element ${selectors[k % selectors.length]}`);
    times.push(
      await new Promise<ClickTiming>((resolve, reject) => {
        const started = performance.now();
        const observer = new MutationObserver(() => {
          observer.disconnect();
          const commit = performance.now() - started;
          requestAnimationFrame(() => setTimeout(() => resolve({ commit, paint: performance.now() - started })));
        });
        observer.observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
        target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        setTimeout(() => reject(new Error('the click changed nothing within 2 s')), 2000);
      }),
    );
  }
  return times;
};
