//! Names for the campaigns' shapes, from `schema.d.ts` like every API type, and the two calls
//! that screens outside the Campaigns feature make: the campaigns a test can join, and adding a
//! test (an existing one or one from a template) to a campaign.
//!
//! The run comparison is the exception: its `Comparison` and `Trend` schema names collide in
//! the OpenAPI document with the snapshots' and the dashboard's (utoipa keeps one of each name),
//! so `GET /campaigns/{id}/comparison` is documented with the snapshot comparison's shape. Its
//! real shape (`shared/campaigns/src/runs.rs`, `domain::campaign::Trend`) is written here until
//! the server names them apart.

import { queryOptions, useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, ApiError } from "./client";
import type { components } from "./schema";
import { invalidateAfterTestChange } from "./testChanges";

type S = components["schemas"];

export type CampaignStatus = S["CampaignStatus"];
export type Recurrence = S["Recurrence"];
export type Campaign = S["Campaign"];
export type CampaignSummary = S["CampaignSummary"];
export type CampaignPage = S["CampaignPage"];
/** A campaign with its phases' progress, its tests' states (and blockers) and its techniques' coverage. */
export type CampaignDetail = S["CampaignDetail"];
export type CampaignTestView = S["CampaignTestView"];
export type CampaignPhase = S["Phase"];
export type PhaseView = S["PhaseView"];
export type Progress = S["Progress"];
export type CampaignHistory = S["CampaignHistory"];
export type CampaignEvent = S["CampaignEvent"];
export type RunSummary = S["RunSummary"];
export type TechniqueOutcome = S["TechniqueOutcome"];
export type NewCampaign = S["NewCampaign"];
export type CampaignUpdate = S["CampaignUpdate"];
export type PhaseInput = S["PhaseInput"];
export type FromActorRequest = S["FromActorRequest"];
export type FromActorResult = S["FromActorResult"];
export type AddCampaignTest = S["AddTest"];
export type TestAdded = S["TestAdded"];
export type CampaignTestUpdate = S["TestUpdate"];

/** How a technique's outcome moved from the previous run (`domain::campaign::Trend`). */
export type RunTrend = "improved" | "regressed" | "unchanged" | "new";

export interface TechniqueComparison {
  technique_id: string;
  previous?: TechniqueOutcome | null;
  current: TechniqueOutcome;
  trend: RunTrend;
}

/** `GET /campaigns/{id}/comparison`: this run against the one before, and coverage per run (`[run, percent]`). */
export interface CampaignComparison {
  run: number;
  previous_run?: number | null;
  techniques: TechniqueComparison[];
  coverage_by_run: [number, number][];
}

export const RECURRENCES: readonly Recurrence[] = ["none", "weekly", "monthly", "quarterly"];

export const RECURRENCE_LABELS: Record<Recurrence, string> = {
  none: "Once (no recurrence)",
  weekly: "Every week",
  monthly: "Every month",
  quarterly: "Every quarter",
};

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ["planned", "active", "completed", "cancelled"];

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  planned: "Planned",
  active: "Active",
  completed: "Completed",
  cancelled: "Cancelled",
};

/** Tests join or leave only a planned or active campaign. */
export const isOpen = (status: CampaignStatus) => status === "planned" || status === "active";

export const campaignPath = (id: string) => `/api/v1/campaigns/${encodeURIComponent(id)}`;

/** Every campaign query starts with this key, so one invalidation refreshes lists, details and history. */
export const CAMPAIGNS_KEY = ["campaigns"] as const;

/** Planned and active campaigns (those a test can join), newest first: one page of each status. */
export const openCampaignsQuery = queryOptions({
  queryKey: [...CAMPAIGNS_KEY, "open"],
  queryFn: async ({ signal }) => {
    const [planned, active] = await Promise.all(
      (["planned", "active"] as const).map((status) => api<CampaignPage>("/api/v1/campaigns", { query: { status, limit: 200 }, signal })),
    );
    return [...active!.items, ...planned!.items];
  },
});

/** The campaign's phases and tests, for choosing where a test goes and what it waits for. */
export const campaignDetailQuery = (id: string) =>
  queryOptions({
    queryKey: [...CAMPAIGNS_KEY, "detail", id],
    queryFn: ({ signal }) => api<CampaignDetail>(campaignPath(id), { signal }),
    enabled: id !== "",
  });

/** A campaign change shows in its lists, detail, history and comparison; its tests' states too. */
export function invalidateCampaigns(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: CAMPAIGNS_KEY });
}

/** `POST /campaigns/{id}/tests`: an existing test, or a new draft from a template or a technique. */
export function useAddToCampaign() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ campaignId, body }: { campaignId: string; body: AddCampaignTest }) =>
      api<TestAdded>(`${campaignPath(campaignId)}/tests`, { method: "POST", json: body }),
    meta: { shows: "field-errors" },
    onSuccess: () => {
      invalidateCampaigns(qc);
      invalidateAfterTestChange(qc);
    },
  });
}

/**
 * The dependency errors of a refused change, for the "Depends on" field: a cycle comes back on
 * `depends_on` naming the path, a test outside the campaign on `tests[i].depends_on`.
 */
export function dependencyError(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = error.errors.filter((e) => e.field === "depends_on" || e.field.endsWith(".depends_on")).map((e) => e.message);
  return messages.length > 0 ? messages.join("; ") : undefined;
}
