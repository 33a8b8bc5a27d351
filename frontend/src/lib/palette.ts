//! The colour palette the user chose (`lib/heatmap`'s `Palette`), kept in this browser: a
//! personal need, like a font size, not part of a view to share. Every screen that paints
//! coverage reads it through `usePalette`, so a change applies everywhere at once.

import { useSyncExternalStore } from "react";
import { PALETTES, scoreColor, statusColors, type Palette } from "./heatmap";

const KEY = "aegis.palette";
const listeners = new Set<() => void>();
/** What was chosen when storage is unavailable (private mode): it lasts for this page. */
let memory: Palette | null = null;

function parse(raw: string | null): Palette {
  return PALETTES.includes(raw as Palette) ? (raw as Palette) : "standard";
}

export function readPalette(): Palette {
  if (memory) return memory;
  try {
    return parse(localStorage.getItem(KEY));
  } catch {
    return "standard";
  }
}

export function setPalette(palette: Palette): void {
  try {
    if (palette === "standard") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, palette);
    memory = null;
  } catch {
    memory = palette;
  }
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** The chosen palette; re-renders when it changes (here or in another tab). */
export function usePalette(): Palette {
  return useSyncExternalStore(subscribe, readPalette, () => "standard");
}

/** The chosen palette's status colours and score colour. */
export function usePaletteColors() {
  const palette = usePalette();
  return { palette, status: statusColors(palette), score: (s: number) => scoreColor(s, palette) };
}
