import { useEffect } from "react";

/** The browser tab's title for this screen: "Users · Aegis" (just "Aegis" without one). */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    if (title === undefined) return;
    document.title = title ? `${title} · Aegis` : "Aegis";
  }, [title]);
}
