import { useEffect } from "react";
import { useLocation } from "react-router";

/**
 * Brings the element named by the address's `#hash` into view and focus once `ready` (the
 * screen's data shown), so links to a step or a section land on it.
 */
export function useScrollToHash(ready: boolean): void {
  const { hash } = useLocation();
  useEffect(() => {
    if (!ready || !hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    target.scrollIntoView?.({ block: "start" });
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }, [ready, hash]);
}
