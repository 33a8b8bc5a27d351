//! Webhook channels: leads and admin read them with their health and deliveries; the admin
//! creates, changes, tests and deletes them and rotates their signing secrets. A secret is in
//! the answer of a create or a rotation only, never read again.

import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/api/client";
import { pagedList } from "@/api/pagination";
import type { AlertChannel, ChannelWithSecret, CreateAlertChannel, Delivery, Page, UpdateAlertChannel } from "@/api/types";

const BASE = "/api/v1/alert-channels";
const channelPath = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** Every channel query starts with this key (the alert rules' channel picker reads the list by it too). */
export const CHANNELS_KEY = ["alert-channels"] as const;

export function invalidateChannels(qc: QueryClient) {
  return qc.invalidateQueries({ queryKey: CHANNELS_KEY });
}

/** `GET /alert-channels`: every channel, oldest first, with its health (one page: there are few). */
export const channelsQuery = queryOptions({
  queryKey: [...CHANNELS_KEY, "list"],
  queryFn: ({ signal }) => api<Page<AlertChannel>>(BASE, { signal }),
  select: (page) => page.items,
});

export const channelQuery = (id: string) =>
  queryOptions({
    queryKey: [...CHANNELS_KEY, "detail", id],
    queryFn: ({ signal }) => api<AlertChannel>(channelPath(id), { signal }),
    enabled: id !== "",
  });

/** A channel's deliveries, newest first. */
export const deliveriesList = (id: string) => pagedList<Delivery>([...CHANNELS_KEY, "deliveries", id], `${channelPath(id)}/deliveries`, {}, 20);

/** `POST /alert-channels`: the channel and its secret, which the screen shows this once. */
export function useCreateChannel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAlertChannel) => api<ChannelWithSecret>(BASE, { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateChannels(qc),
  });
}

/** The 409 of a save on a version that moved, in this screen's words. */
export function staleChannelError(error: ApiError): ApiError {
  return error.withDetail("Someone changed this channel after you opened it. The form now shows the saved channel: make your changes again and save.");
}

/**
 * `PATCH /alert-channels/{id}` on the version read (the URL is checked again). A 409 means the
 * channel moved on: it is read again and the refusal says so.
 */
export function useUpdateChannel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateAlertChannel) => {
      try {
        return await api<AlertChannel>(channelPath(id), { method: "PATCH", json: body });
      } catch (e) {
        throw e instanceof ApiError && e.status === 409 ? staleChannelError(e) : e;
      }
    },
    meta: { shows: "field-errors" },
    onSuccess: (channel) => {
      qc.setQueryData(channelQuery(id).queryKey, channel);
      return invalidateChannels(qc);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) return qc.invalidateQueries({ queryKey: channelQuery(id).queryKey });
    },
  });
}

/** `POST /alert-channels/{id}/rotate-secret`: a new secret, shown once, signs the next delivery. */
export function useRotateSecret(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<ChannelWithSecret>(`${channelPath(id)}/rotate-secret`, { method: "POST" }),
    onSuccess: ({ channel }) => {
      qc.setQueryData(channelQuery(id).queryKey, channel);
      return invalidateChannels(qc);
    },
  });
}

/**
 * `POST /alert-channels/{id}/test`: a signed test message sent now, with the retries, answered
 * with its delivery (delivered or failed: either is an answer, not an error). The channel's
 * health and deliveries are read again afterwards.
 */
export function useTestChannel(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<Delivery>(`${channelPath(id)}/test`, { method: "POST" }),
    onSettled: () => invalidateChannels(qc),
  });
}

/** The 409 of a channel rules still send to: the server's message names them. */
export function inUseError(error: ApiError): ApiError {
  const said = error.message.charAt(0).toUpperCase() + error.message.slice(1);
  return error.withDetail(`${said}.`.replace(/\.\.$/, "."));
}

/** `DELETE /alert-channels/{id}`; a 409 names the rules that still send to it. */
export function useDeleteChannel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      try {
        return await api<undefined>(channelPath(id), { method: "DELETE" });
      } catch (e) {
        throw e instanceof ApiError && e.status === 409 ? inUseError(e) : e;
      }
    },
    onSuccess: (_void, id) => {
      qc.removeQueries({ queryKey: channelQuery(id).queryKey });
      return invalidateChannels(qc);
    },
  });
}
