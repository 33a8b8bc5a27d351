import { FlaskConical } from "lucide-react";
import type { AlertDryRun } from "@/api/types";
import { Button, Card, cx } from "@/components/ui";
import { plural } from "@/lib/format";
import { useDryRun } from "../api/alertRules";
import { MatchedList } from "./MatchedList";
import { readableAlertSummary } from "@/lib/alertText";

function Verdict({ run }: { run: AlertDryRun }) {
  const why = run.would_fire ? null : (run.reason ?? (run.holds ? null : "the condition does not hold now"));
  return (
    <div
      data-testid="dry-run-result"
      data-would-fire={run.would_fire}
      className={cx("rounded-lg border px-4 py-3", run.would_fire ? "border-rose-200 bg-rose-50" : "border-slate-200 bg-slate-50")}
    >
      <p className={cx("text-sm font-semibold", run.would_fire ? "text-rose-800" : "text-slate-800")}>
        {run.would_fire ? "Would fire now" : "Would not fire now"}
        {why && <span className="font-normal">: {why}</span>}
      </p>
      <p className="mt-1 text-sm text-slate-700">{readableAlertSummary(run.summary)}</p>
      <p className="mt-1 text-xs text-slate-600">
        Condition {run.holds ? "holds" : "does not hold"} · {plural(run.recipients, "person", "people")} would be notified
      </p>
    </div>
  );
}

/** "Would it fire now, and on what?": the rule evaluated on today's data, nothing recorded. */
export function DryRunCard({ ruleId, kind }: { ruleId: string; kind: string }) {
  const dry = useDryRun(ruleId);
  return (
    <Card
      title="Dry run"
      description="Evaluates the rule on the data as it is now, with its cooldown. Records nothing and notifies nobody."
      actions={
        <Button size="sm" variant="secondary" icon={<FlaskConical className="size-4" aria-hidden />} loading={dry.isPending} onClick={() => dry.mutate()}>
          Dry run
        </Button>
      }
    >
      <div aria-live="polite">
        {!dry.data && !dry.isPending && <p className="text-sm text-slate-600">Not run yet.</p>}
        {dry.data && (
          <div className="flex flex-col gap-3">
            <Verdict run={dry.data} />
            {dry.data.matched.length > 0 && <MatchedList kind={kind} matched={dry.data.matched} label="What the dry run matched" />}
          </div>
        )}
      </div>
    </Card>
  );
}
