//! The user's notification preferences, kept by the server: the kinds they muted. A muted kind
//! is still recorded, only neither listed nor counted by the server, so a change reads the
//! bell's list and count again instead of filtering them here.

import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { NotificationPreferences } from "@/api/types";
import { notificationKeys } from "./notifications";

const PATH = "/api/v1/notifications/preferences";

/** Every kind the server accepts in `muted_kinds` (any other is refused with 422). */
export const NOTIFICATION_KINDS = [
  "action_required",
  "test_validated",
  "test_rejected",
  "retest_created",
  "evidence_uploaded",
  "alert_fired",
  "campaign_run",
] as const;

/** Its own key, not under `notifications`: marking one read does not read the preferences again. */
const preferencesKey = ["notification-preferences"] as const;

export const preferencesQuery = queryOptions({
  queryKey: preferencesKey,
  queryFn: ({ signal }) => api<NotificationPreferences>(PATH, { signal }),
});

/** `muted` with `kind` added or taken out, each kind once, in a stable order. */
export function withMuted(muted: readonly string[], kind: string, on: boolean): string[] {
  const next = new Set(muted);
  if (on) next.add(kind);
  else next.delete(kind);
  return [...next].sort();
}

/**
 * Replaces the muted kinds (PUT), then reads the notifications and the unread count again; the
 * mutation ends once they are read, so a muted group leaves the list when the button is done.
 * `quiet`: a failure is not reported (a change the user did not ask for).
 */
export function useSaveMutedKinds({ quiet = false }: { quiet?: boolean } = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (mutedKinds: string[]) => api<NotificationPreferences>(PATH, { method: "PUT", json: { muted_kinds: mutedKinds } }),
    onSuccess: async (prefs) => {
      qc.setQueryData(preferencesKey, prefs);
      await qc.invalidateQueries({ queryKey: notificationKeys.all });
    },
    meta: quiet ? { shows: "all-errors" } : undefined,
  });
}
