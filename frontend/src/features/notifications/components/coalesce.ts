//! The bell's list, coalesced: one group per kind of notification (newest group first) with its
//! unread count, each item linking to where it asks the reader to go. Kinds the user muted are
//! left out by the server (`api/preferences.ts`), not here.

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
 * card); a firing to its rule's firings and a campaign run to its campaign (older notifications
 * name neither: to every rule's firings, to the campaigns); null when it names nothing.
 */
export function deepLink(n: Pick<Notification, "kind" | "test_id" | "rule_id" | "campaign_id" | "message">): string | null {
  if (n.kind === "alert_fired") return n.rule_id ? `/alert-rules/${n.rule_id}#firings` : "/alert-rules#firings";
  if (n.kind === "campaign_run") return n.campaign_id ? `/campaigns/${n.campaign_id}` : "/campaigns";
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
 * A notification's text as the server now words it, for notifications stored before it did: a
 * test's last state "was approved" (it wrote "was validated", which reads like a technique's
 * coverage); an alert's summary as `readableAlertSummary` words it. Newer texts are left as they are.
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

/** `items` grouped by kind, groups by their newest item, items newest first. */
export function coalesce(items: readonly Notification[]): NotificationGroup[] {
  const groups = new Map<string, Notification[]>();
  for (const n of items) {
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
