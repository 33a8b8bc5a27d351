import type { ChannelFormat, ChannelHealth, DeliveryState } from "@/api/types";
import { Badge } from "@/components/ui";
import { DELIVERY_STATE_LABELS, DELIVERY_STATE_TONES, describeHealth, FORMAT_LABELS } from "../model/channel";

export function HealthBadge({ health }: { health: ChannelHealth | undefined }) {
  const h = describeHealth(health);
  return (
    <Badge tone={h.tone}>
      <span className="size-1.5 rounded-full bg-current" aria-hidden />
      {h.label}
    </Badge>
  );
}

export function DeliveryStateBadge({ state }: { state: DeliveryState }) {
  return <Badge tone={DELIVERY_STATE_TONES[state]}>{DELIVERY_STATE_LABELS[state]}</Badge>;
}

export function FormatBadge({ format }: { format: ChannelFormat | undefined }) {
  return <Badge tone="indigo">{FORMAT_LABELS[format ?? "json"]}</Badge>;
}

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return (
    <Badge tone={enabled ? "emerald" : "slate"}>
      <span className="size-1.5 rounded-full bg-current" aria-hidden />
      {enabled ? "Enabled" : "Disabled"}
    </Badge>
  );
}

/** The error of a channel's last delivery when it failed, where it cannot be missed. */
export function LastError({ health, className }: { health: ChannelHealth | undefined; className?: string }) {
  if (health?.last_state !== "failed") return null;
  return (
    <div data-testid="channel-last-error" className={`rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm ${className ?? ""}`}>
      <p className="font-semibold text-rose-800">Last error</p>
      <p className="mt-0.5 break-words text-rose-700">{health.last_error || "The receiver did not accept it (no error was recorded)."}</p>
    </div>
  );
}
