import { useEffect, useState } from 'react';

/** The page named by the URL fragment (`#/physix` → `physix`), so pages can be linked and reloaded. */
export function useHashRoute(): string {
  const read = () => window.location.hash.replace(/^#\/?/, '');
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
