import { useMemo } from "react";
import { useSearchParams } from "react-router";
import { Card, PageHeader, RadioGroup } from "@/components/ui";
import { PeriodComparison } from "../components/PeriodComparison";
import { SnapshotComparison } from "../components/SnapshotComparison";
import { comparisonFromParams, withComparison, type CompareMode, type ComparisonPatch } from "../model/comparisonState";

const MODES = [
  { value: "periods", label: "Two periods" },
  { value: "snapshots", label: "Two snapshots" },
] as const;

/** Two periods of operational metrics, or two coverage snapshots, side by side (leads and admin). */
export default function ComparisonPage() {
  const [params, setParams] = useSearchParams();
  // "Today" is fixed for the screen's life, so the default periods do not move under the user.
  const today = useMemo(() => new Date(), []);
  const state = comparisonFromParams(params, today);
  const change = (patch: ComparisonPatch) => setParams(withComparison(params, patch), { replace: true });

  return (
    <>
      <PageHeader
        title="Comparison"
        description="What changed between two periods (detection and remediation times, efficacy, fidelity, velocity) or between two coverage snapshots (scores by tactic and threat actor)."
      />
      <Card
        title="Compare"
        description={state.mode === "periods" ? "Operational metrics of two periods, changes from A to B" : "Coverage of two snapshots, changes from the earlier to the later"}
        actions={<RadioGroup name="compare-mode" legend={<span className="sr-only">What to compare</span>} required={false} options={MODES} value={state.mode} onChange={(mode: CompareMode) => change({ mode })} />}
      >
        {state.mode === "periods" ? (
          <PeriodComparison
            a={state.a}
            b={state.b}
            onChange={(side, p) => {
              // The whole period is written, so the side not changed stays as shown.
              const current = side === "a" ? state.a : state.b;
              change({ [side]: { ...current, ...p } });
            }}
          />
        ) : (
          <SnapshotComparison from={state.snapFrom} to={state.snapTo} onChange={change} />
        )}
      </Card>
    </>
  );
}
