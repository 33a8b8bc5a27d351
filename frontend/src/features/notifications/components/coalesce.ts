//! The bell's list, coalesced: one group per kind of notification (newest group first) with its
//! unread count, each item linking to where it asks the reader to go; kinds the user muted are
//! left out. Muting is kept in this browser (localStorage), not on the server.

import type { Notification } from "@/api/types";
import { readableAlertSummary } from "@/lib/alertText";

export const KIND_LABELS: Record<string, { one: string; many: string }> = {
  action_required: { one: "Action required", many: "Actions required" },
  test_validated: { one: "Test approved", many: "Tests approved" },
  test_rejected: { one: "Test rejected", many: "Tests rejected" },
  retest_created: { one: "Retest created", many: "Retests created" },
  evidence_uploaded: { one: "Evidence uploaded", many: "Evidence uploaded" },
  alert_fired: { one: "Alert fired", many: "Alerts fired" },
  campaign_run: { one: "Campaign run started", many: "Campaign runs started" },
};

/** A kind's name for `count` items; unknown kinds by their name. */
export function kindLabel(kind: string, count = 1): string {
  const known = KIND_LABELS[kind];
  if (known) return count === 1 ? known.one : known.many;
  const words = kind.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Where a notification leads: the test, at the part it is about (a review asked for, to the vote
 * card); an alert rule's firing to the firings and a campaign run to the campaigns (those
 * notifications name no rule or campaign); null when it names nothing.
 */
export function deepLink(n: Pick<Notification, "kind" | "test_id" | "message">): string | null {
  if (n.kind === "alert_fired") return "/alert-rules#firings";
  if (n.kind === "campaign_run") return "/campaigns";
  if (!n.test_id) return null;
  const base = `/tests/${n.test_id}`;
  switch (n.kind) {
    case "action_required":
      // The server's words for a test in review ("… waits for your review vote").
      return /\breview vote\b/.test(n.message) ? `${base}#vote` : `${base}#workflow`;
    case "test_rejected":
      return `${base}#workflow`;
    case "evidence_uploaded":
      return `${base}#evidence`;
    default:
      return base;
  }
}

/**
 * A notification's text as the app words things: a test's last state is "Approved" (the server
 * writes "was validated", which reads like a technique's coverage); an alert's summary names a
 * test state by its label, not its code ("tests in red_executing" → "tests in “Red executing”"),
 * and counts one thing in the singular.
 */
export function readableMessage(n: Pick<Notification, "kind" | "message">): string {
  if (n.kind === "test_validated") return n.message.replace(/\bwas validated$/, "was approved");
  return n.kind === "alert_fired" ? readableAlertSummary(n.message) : n.message;
}

export interface NotificationGroup {
  kind: string;
  items: Notification[];
  unread: number;
  latestAt: string;
}

/** `items` grouped by kind, muted kinds left out, groups by their newest item, items newest first. */
export function coalesce(items: readonly Notification[], muted: ReadonlySet<string> = new Set()): NotificationGroup[] {
  const groups = new Map<string, Notification[]>();
  for (const n of items) {
    if (muted.has(n.kind)) continue;
    const list = groups.get(n.kind) ?? [];
    list.push(n);
    groups.set(n.kind, list);
  }
  const time = (s: string) => Date.parse(s) || 0;
  return [...groups.entries()]
    .map(([kind, list]) => {
      const sorted = [...list].sort((a, b) => time(b.created_at) - time(a.created_at));
      return { kind, items: sorted, unread: sorted.filter((n) => !n.read).length, latestAt: sorted[0]!.created_at };
    })
    .sort((a, b) => time(b.latestAt) - time(a.latestAt));
}

const MUTED_KEY = "aegis.notifications.muted";
const listeners = new Set<() => void>();
let cached: { raw: string | null; set: ReadonlySet<string> } = { raw: null, set: new Set() };

function read(): string | null {
  try {
    return localStorage.getItem(MUTED_KEY);
  } catch {
    return null;
  }
}

/** The muted kinds (the same Set object until they change, for useSyncExternalStore). */
export function mutedKinds(): ReadonlySet<string> {
  const raw = read();
  if (raw !== cached.raw) {
    let kinds: unknown = [];
    try {
      kinds = raw ? JSON.parse(raw) : [];
    } catch {
      kinds = [];
    }
    cached = { raw, set: new Set(Array.isArray(kinds) ? kinds.filter((k): k is string => typeof k === "string") : []) };
  }
  return cached.set;
}

export function setMuted(kind: string, muted: boolean): void {
  const next = new Set(mutedKinds());
  if (muted) next.add(kind);
  else next.delete(kind);
  try {
    localStorage.setItem(MUTED_KEY, JSON.stringify([...next].sort()));
  } catch {
    // storage may be unavailable (private mode): muting then lasts for this page only
    cached = { raw: JSON.stringify([...next].sort()), set: next };
  }
  listeners.forEach((l) => l());
}

export function subscribeMuted(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === MUTED_KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}
