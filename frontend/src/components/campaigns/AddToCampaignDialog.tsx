import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { fieldErrors } from "@/api/client";
import {
  CAMPAIGN_STATUS_LABELS,
  campaignDetailQuery,
  dependencyError,
  openCampaignsQuery,
  useAddToCampaign,
  type AddCampaignTest,
} from "@/api/campaigns";
import { plural } from "@/lib/format";
import { Button, Dialog, EmptyState, ErrorState, Field, LoadingState, Select, useToast } from "@/components/ui";
import { DependsOnPicker } from "./DependsOnPicker";

/** What joins the campaign: an existing test, or a new draft made from a template. */
export type CampaignCandidate = { test_id: string } | { template_id: string };

/**
 * "Add to campaign" from a test's page or a template of the Test Catalog: a planned or active
 * campaign, its phase, and the campaign's tests it waits for. The server checks the rest (a test
 * already in another campaign, a dependency cycle) and its words are shown next to the field.
 */
export function AddToCampaignDialog({
  candidate,
  label,
  onClose,
}: {
  candidate: CampaignCandidate;
  /** What is added, in words: the test's or the template's name. */
  label: string;
  onClose: () => void;
}) {
  const campaigns = useQuery(openCampaignsQuery);
  const [campaignId, setCampaignId] = useState("");
  const [phaseId, setPhaseId] = useState("");
  const [dependsOn, setDependsOn] = useState<string[]>([]);
  const detail = useQuery(campaignDetailQuery(campaignId));
  const add = useAddToCampaign();
  const toast = useToast();
  const errors = fieldErrors(add.error);
  const chosen = campaigns.data?.find((c) => c.id === campaignId);

  const pick = (id: string) => {
    setCampaignId(id);
    setPhaseId("");
    setDependsOn([]);
    add.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!campaignId) return;
    const body: AddCampaignTest = { ...candidate, depends_on: dependsOn };
    if (phaseId) body.phase_id = phaseId;
    add.mutate(
      { campaignId, body },
      {
        onSuccess: () => {
          toast.success(`Added “${label}” to “${chosen?.name ?? "the campaign"}”`);
          onClose();
        },
      },
    );
  };

  const sourceError = errors.test_id ?? errors.template_id;
  return (
    <Dialog open onClose={onClose} title="Add to campaign" description={`“${label}” joins a planned or active campaign, in one of its phases.`}>
      {campaigns.isLoading && <LoadingState />}
      {campaigns.isError && <ErrorState error={campaigns.error} onRetry={() => void campaigns.refetch()} />}
      {campaigns.isSuccess && campaigns.data.length === 0 && (
        <EmptyState
          title="No open campaign"
          description={
            <>
              Only planned and active campaigns take tests. <Link to="/campaigns/new" className="text-indigo-700 underline">Create a campaign</Link> first.
            </>
          }
        />
      )}
      {campaigns.isSuccess && campaigns.data.length > 0 && (
        <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Add to campaign">
          <Field id="add-campaign" label="Campaign" required error={sourceError}>
            <Select value={campaignId} onChange={(e) => pick(e.target.value)}>
              <option value="">Choose a campaign…</option>
              {campaigns.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({CAMPAIGN_STATUS_LABELS[c.status].toLowerCase()}, {plural(c.tests, "test")})
                </option>
              ))}
            </Select>
          </Field>
          {campaignId && detail.isLoading && <LoadingState label="Loading the campaign…" />}
          {campaignId && detail.isError && <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />}
          {campaignId && detail.isSuccess && (
            <>
              <Field id="add-campaign-phase" label="Phase" error={errors.phase_id} hint="The first phase when none is chosen.">
                <Select value={phaseId} onChange={(e) => setPhaseId(e.target.value)}>
                  <option value="">{detail.data.phases[0]?.name ?? "First phase"} (first)</option>
                  {detail.data.phases.slice(1).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <DependsOnPicker
                id="add-campaign-depends"
                tests={detail.data.test_states}
                value={dependsOn}
                onChange={setDependsOn}
                error={dependencyError(add.error)}
                exclude={"test_id" in candidate ? candidate.test_id : undefined}
              />
            </>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending} disabled={!campaignId || !detail.isSuccess}>
              Add to campaign
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
