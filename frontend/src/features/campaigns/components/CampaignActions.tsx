import { useNavigate } from "react-router";
import { CheckCircle2, Play, Trash2, XCircle } from "lucide-react";
import type { CampaignDetail } from "@/api/campaigns";
import { Button, useConfirm, useToast } from "@/components/ui";
import { plural } from "@/lib/format";
import { useCampaignStep, useDeleteCampaign, type CampaignStep } from "../api/campaigns";

/** The steps a campaign in its status may take, each confirmed in the app's dialog. */
export function availableSteps(status: CampaignDetail["status"]): { steps: CampaignStep[]; deletable: boolean } {
  if (status === "planned") return { steps: ["start", "cancel"], deletable: true };
  if (status === "active") return { steps: ["complete", "cancel"], deletable: false };
  return { steps: [], deletable: false };
}

export function CampaignActions({ campaign }: { campaign: CampaignDetail }) {
  const step = useCampaignStep(campaign.id);
  const remove = useDeleteCampaign();
  const confirm = useConfirm();
  const toast = useToast();
  const navigate = useNavigate();
  const { steps, deletable } = availableSteps(campaign.status);
  const techniques = plural(campaign.coverage.length, "technique");

  const ask = {
    start: {
      title: `Start “${campaign.name}”?`,
      consequence: `The campaign becomes active and its ${plural(campaign.test_states.length, "test")} can start, each once its dependencies have reached “Blue evaluating”.${
        campaign.recurrence !== "none" ? " Its next run is scheduled by its recurrence." : ""
      }`,
      confirmLabel: "Start campaign",
      done: "Started",
    },
    complete: {
      title: `Complete “${campaign.name}”?`,
      consequence: `The coverage of its ${techniques} now is recorded as the completion summary, and no further run starts. Tests stay as they are.`,
      confirmLabel: "Complete campaign",
      done: "Completed",
    },
    cancel: {
      title: `Cancel “${campaign.name}”?`,
      consequence: "The campaign stops for good: no test joins it and no run starts. Its tests stay as they are.",
      confirmLabel: "Cancel campaign",
      done: "Cancelled",
    },
  } as const;

  const run = async (s: CampaignStep) => {
    const a = ask[s];
    const ok = await confirm({ title: a.title, consequence: a.consequence, confirmLabel: a.confirmLabel, cancelLabel: "Keep as is", tone: s === "cancel" ? "danger" : "primary" });
    if (!ok) return;
    step.mutate(s, { onSuccess: () => toast.success(`${a.done} “${campaign.name}”`) });
  };

  const del = async () => {
    const ok = await confirm({
      title: `Delete “${campaign.name}”?`,
      consequence: "The campaign and its history are deleted; its tests stay, outside any campaign. This cannot be undone.",
      confirmLabel: "Delete campaign",
      tone: "danger",
    });
    if (!ok) return;
    remove.mutate(campaign.id, {
      onSuccess: () => {
        toast.success(`Deleted “${campaign.name}”`);
        navigate("/campaigns");
      },
    });
  };

  return (
    <>
      {steps.includes("start") && (
        <Button icon={<Play className="size-4" aria-hidden />} loading={step.isPending && step.variables === "start"} onClick={() => void run("start")}>
          Start campaign
        </Button>
      )}
      {steps.includes("complete") && (
        <Button variant="success" icon={<CheckCircle2 className="size-4" aria-hidden />} loading={step.isPending && step.variables === "complete"} onClick={() => void run("complete")}>
          Complete campaign
        </Button>
      )}
      {steps.includes("cancel") && (
        <Button variant="secondary" icon={<XCircle className="size-4" aria-hidden />} loading={step.isPending && step.variables === "cancel"} onClick={() => void run("cancel")}>
          Cancel campaign
        </Button>
      )}
      {deletable && (
        <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden />} loading={remove.isPending} onClick={() => void del()}>
          Delete
        </Button>
      )}
    </>
  );
}
