//! A webhook channel in the form and in words: the requests built from the form (an edit sends
//! the version read and only what changed), the server's refusals of a URL explained under the
//! field, a channel's health and a delivery's outcome as one line each. Whether a URL may be
//! used is the server's to judge (it resolves names and knows the deployment's allowed ranges),
//! so nothing here second-guesses it.

import { ApiError } from "@/api/client";
import type { AlertChannel, ChannelFormat, ChannelHealth, CreateAlertChannel, Delivery, DeliveryState, UpdateAlertChannel } from "@/api/types";
import { plural } from "@/lib/format";

export interface ChannelForm {
  name: string;
  url: string;
  format: ChannelFormat;
  enabled: boolean;
}

export const emptyForm = (): ChannelForm => ({ name: "", url: "", format: "json", enabled: true });

export function formFromChannel(c: AlertChannel): ChannelForm {
  return { name: c.name, url: c.url, format: c.format ?? "json", enabled: c.enabled };
}

/** `POST /alert-channels`'s body. */
export function buildCreate(form: ChannelForm): CreateAlertChannel {
  return { name: form.name.trim(), url: form.url.trim(), format: form.format, enabled: form.enabled };
}

/** `PATCH /alert-channels/{id}`'s body: the version read and only what changed. */
export function buildUpdate(form: ChannelForm, channel: AlertChannel): UpdateAlertChannel {
  const next = buildCreate(form);
  const body: UpdateAlertChannel = { version: channel.version };
  if (next.name !== channel.name) body.name = next.name;
  if (next.url !== channel.url) body.url = next.url;
  if (next.format !== (channel.format ?? "json")) body.format = next.format;
  if (next.enabled !== channel.enabled) body.enabled = next.enabled;
  return body;
}

/** Whether an update body changes anything (it always carries the version). */
export const changesSomething = (body: UpdateAlertChannel) => Object.keys(body).some((k) => k !== "version");

export const FORMATS: readonly { format: ChannelFormat; label: string; hint: string }[] = [
  { format: "json", label: "JSON", hint: "The firing as JSON: {type, delivery_id, event}. For your own receiver." },
  { format: "slack", label: "Slack-compatible", hint: "A text message ({\"text\": …}) that Slack, Mattermost and Teams incoming webhooks accept." },
];

export const FORMAT_LABELS = Object.fromEntries(FORMATS.map((f) => [f.format, f.label])) as Record<ChannelFormat, string>;

/** What each refusal of a URL (the 422's `code` on `url`) means, added to the server's message. */
const URL_HINTS: Record<string, string> = {
  private_address:
    "Webhooks leave from inside the deployment, so they may reach public addresses only: private, loopback, link-local, shared and reserved ranges are refused.",
  scheme: "Deliveries carry alert data, so they go over TLS: use the receiver's https:// URL.",
  credentials: "Remove the user:password@ part; the receiver checks the signature instead.",
  format: "For example https://hooks.example.com/aegis.",
};

/**
 * A failed save's field errors keyed by field, for the form: the server's message, and for the
 * URL what its refusal means.
 */
export function channelFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of error.errors) {
    const hint = e.field === "url" ? URL_HINTS[e.code] : undefined;
    const text = hint ? `${capitalise(e.message)}. ${hint}` : capitalise(e.message);
    out[e.field] = out[e.field] ? `${out[e.field]}; ${text}` : text;
  }
  return out;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The fields the form shows messages under; any other refusal is listed above the buttons. */
export const FORM_FIELDS = ["name", "url", "format", "enabled"] as const;

export type Tone = "emerald" | "rose" | "amber" | "slate";

export interface HealthView {
  tone: Tone;
  label: string;
  /** The last delivery failed: its error is shown prominently. */
  failing: boolean;
}

/** A channel's health in a word or two, by its last delivery. */
export function describeHealth(h: ChannelHealth | undefined): HealthView {
  if (!h || (!h.last_state && h.delivered === 0 && h.failed === 0)) return { tone: "slate", label: "No deliveries yet", failing: false };
  switch (h.last_state) {
    case "failed":
      return { tone: "rose", label: h.consecutive_failures > 1 ? `Failing: ${h.consecutive_failures} in a row` : "Last delivery failed", failing: true };
    case "pending":
      return { tone: "amber", label: "Delivery pending", failing: false };
    default:
      return { tone: "emerald", label: "Delivering", failing: false };
  }
}

export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = { pending: "Pending", delivered: "Delivered", failed: "Failed" };
export const DELIVERY_STATE_TONES: Record<DeliveryState, Tone> = { pending: "amber", delivered: "emerald", failed: "rose" };

/** A delivery's outcome in one line: "Delivered after 1 attempt (HTTP 204)", "Failed after 4 attempts (HTTP 503)". */
export function describeDelivery(d: Pick<Delivery, "state" | "attempts" | "status_code">): string {
  const status = d.status_code ? ` (HTTP ${d.status_code})` : "";
  switch (d.state) {
    case "pending":
      return d.attempts > 0 ? `Pending after ${plural(d.attempts, "attempt")}` : "Pending";
    case "delivered":
      return `Delivered after ${plural(d.attempts, "attempt")}${status}`;
    case "failed":
      return `Failed after ${plural(d.attempts, "attempt")}${status}`;
  }
}

/** A URL's host, the part safe to show at a glance (a webhook URL's path is often its credential). */
export function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
