//! Before the server kept preferences, muted kinds were kept in the browser (localStorage). Once,
//! in a browser that still holds such a list, it is merged into the server's preferences and then
//! forgotten; a failed save keeps it for the next visit. Delete this module once no browser can
//! still hold one.

import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { NOTIFICATION_KINDS, preferencesQuery, useSaveMutedKinds } from "./preferences";

const LEGACY_KEY = "aegis.notifications.muted";

/** The kinds muted in this browser (known ones only), or null when it holds no list. */
export function browserMutedKinds(): string[] | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(LEGACY_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  let parsed: unknown = [];
  try {
    parsed = JSON.parse(raw);
  } catch {
    // a damaged list mutes nothing; it is still forgotten
  }
  const known: readonly string[] = NOTIFICATION_KINDS;
  return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === "string" && known.includes(k)) : [];
}

function forgetBrowserMutedKinds(): void {
  try {
    localStorage.removeItem(LEGACY_KEY);
  } catch {
    // storage unavailable: nothing was read from it either
  }
}

/** Moves this browser's muted kinds, if it holds any, to the server (one read and one PUT). */
export function useMigrateBrowserMutes(): void {
  const [legacy] = useState(browserMutedKinds);
  const prefs = useQuery({ ...preferencesQuery, enabled: legacy !== null });
  const { mutate } = useSaveMutedKinds({ quiet: true });
  const done = useRef(false);
  useEffect(() => {
    if (legacy === null || !prefs.data || done.current) return;
    done.current = true;
    const current = prefs.data.muted_kinds ?? [];
    const merged = [...new Set([...current, ...legacy])].sort();
    if (merged.length === current.length) forgetBrowserMutedKinds();
    else mutate(merged, { onSuccess: forgetBrowserMutedKinds });
  }, [legacy, prefs.data, mutate]);
}
