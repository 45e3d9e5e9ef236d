/**
 * Milliseconds from a click to React's commit of what it changed, run in the page: React
 * renders a click's update in a microtask after the event, so the time is taken when a
 * MutationObserver sees the first DOM change. Clicks cycle through `selectors` (so each one
 * changes something), `repeats` in all, one after another.
 */
export const clickCommitTimes = async ({ selectors, repeats }: { selectors: readonly string[]; repeats: number }): Promise<number[]> => {
  const times: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const target = document.querySelector(selectors[k % selectors.length]!);
    if (target === null) throw new Error(`no element ${selectors[k % selectors.length]}`);
    times.push(
      await new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(performance.now() - started);
        });
        observer.observe(document.body, { subtree: true, attributes: true, childList: true, characterData: true });
        target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        setTimeout(() => reject(new Error('the click changed nothing within 2 s')), 2000);
      }),
    );
  }
  return times;
};
