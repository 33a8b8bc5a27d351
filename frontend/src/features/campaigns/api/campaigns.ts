import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Query } from "@/api/client";
import {
  CAMPAIGNS_KEY,
  campaignPath,
  invalidateCampaigns,
  type Campaign,
  type CampaignComparison,
  type CampaignHistory,
  type CampaignPage,
  type CampaignTestUpdate,
  type CampaignUpdate,
  type FromActorRequest,
  type FromActorResult,
  type NewCampaign,
} from "@/api/campaigns";
import { invalidateAfterTestChange } from "@/api/testChanges";

export { campaignDetailQuery, useAddToCampaign } from "@/api/campaigns";

export const PAGE_SIZE = 50;

/** `GET /campaigns` with the URL's filters, newest first; every page carries the total. */
export const campaignsList = (query: Query) =>
  infiniteQueryOptions({
    queryKey: [...CAMPAIGNS_KEY, "list", query],
    queryFn: ({ pageParam, signal }) => api<CampaignPage>("/api/v1/campaigns", { query: { ...query, limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: CampaignPage) => last.next_cursor ?? undefined,
  });

export const campaignHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: [...CAMPAIGNS_KEY, "history", id],
    queryFn: ({ signal }) => api<CampaignHistory>(`${campaignPath(id)}/history`, { signal }),
  });

export const campaignComparisonQuery = (id: string) =>
  queryOptions({
    queryKey: [...CAMPAIGNS_KEY, "comparison", id],
    queryFn: ({ signal }) => api<CampaignComparison>(`${campaignPath(id)}/comparison`, { signal }),
  });

export function useCreateCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCampaign) => api<Campaign>("/api/v1/campaigns", { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateCampaigns(qc),
  });
}

/** `POST /campaigns/from-threat-actor`: one draft test per current technique, so tests change too. */
export function useCreateFromActor() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FromActorRequest) => api<FromActorResult>("/api/v1/campaigns/from-threat-actor", { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => {
      invalidateCampaigns(qc);
      invalidateAfterTestChange(qc);
    },
  });
}

export function useUpdateCampaign(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CampaignUpdate) => api<Campaign>(campaignPath(id), { method: "PATCH", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => invalidateCampaigns(qc),
  });
}

export type CampaignStep = "start" | "complete" | "cancel";

/** `POST /campaigns/{id}/{start|complete|cancel}`; refused (409) when the status has moved on, so it is read again either way. */
export function useCampaignStep(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (step: CampaignStep) => api<Campaign>(`${campaignPath(id)}/${step}`, { method: "POST" }),
    onSettled: () => invalidateCampaigns(qc),
  });
}

export function useDeleteCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<undefined>(campaignPath(id), { method: "DELETE" }),
    onSuccess: () => {
      invalidateCampaigns(qc);
      invalidateAfterTestChange(qc);
    },
  });
}

export function useUpdateCampaignTest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ testId, body }: { testId: string; body: CampaignTestUpdate }) =>
      api<Campaign>(`${campaignPath(id)}/tests/${encodeURIComponent(testId)}`, { method: "PATCH", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => {
      invalidateCampaigns(qc);
      invalidateAfterTestChange(qc);
    },
  });
}

export function useRemoveCampaignTest(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (testId: string) => api<Campaign>(`${campaignPath(id)}/tests/${encodeURIComponent(testId)}`, { method: "DELETE" }),
    onSuccess: () => {
      invalidateCampaigns(qc);
      invalidateAfterTestChange(qc);
    },
  });
}
