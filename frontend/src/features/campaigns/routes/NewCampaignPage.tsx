import { useSearchParams } from "react-router";
import { Card, cx, PageHeader } from "@/components/ui";
import { CustomCampaignForm } from "../components/CustomCampaignForm";
import { FromActorForm } from "../components/FromActorForm";

type Mode = "custom" | "actor";

/** Create a campaign: written by hand, or from a threat actor (`?from=actor&actor=G0016`). */
export default function NewCampaignPage() {
  const [params, setParams] = useSearchParams();
  const mode: Mode = params.get("from") === "actor" ? "actor" : "custom";
  const choose = (m: Mode) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (m === "actor") next.set("from", "actor");
        else next.delete("from");
        return next;
      },
      { replace: true },
    );
  const tab = (m: Mode, label: string) => (
    <button
      type="button"
      role="tab"
      id={`tab-${m}`}
      aria-selected={mode === m}
      aria-controls={mode === m ? `panel-${m}` : undefined}
      onClick={() => choose(m)}
      className={cx(
        "rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600",
        mode === m ? "bg-indigo-600 text-white" : "text-slate-700 hover:bg-slate-100",
      )}
    >
      {label}
    </button>
  );
  return (
    <>
      <PageHeader breadcrumbs={[{ label: "Campaigns", to: "/campaigns" }, { label: "New campaign" }]} title="New campaign" />
      <div role="tablist" aria-label="How to build the campaign" className="mb-4 inline-flex gap-1 rounded-lg bg-white p-1 ring-1 ring-slate-200">
        {tab("custom", "Custom")}
        {tab("actor", "From a threat actor")}
      </div>
      <div role="tabpanel" id={`panel-${mode}`} aria-labelledby={`tab-${mode}`}>
        <Card>{mode === "actor" ? <FromActorForm initialActor={params.get("actor") ?? ""} /> : <CustomCampaignForm />}</Card>
      </div>
    </>
  );
}
