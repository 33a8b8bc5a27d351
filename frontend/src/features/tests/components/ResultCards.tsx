import { Link } from "react-router";
import { CheckCircle2, XCircle } from "lucide-react";
import { RULE_OUTCOME_LABELS, RULE_SOURCE_LABELS, type RuleOutcome } from "@/api/defense";
import type { Detection, TestDetail } from "@/api/types";
import { OutcomeBadge } from "@/components/OutcomeBadge";
import { Badge, Card, Table, Td, Th } from "@/components/ui";
import { formatDateTime, formatDuration } from "@/lib/format";
import { recordedTimeToDetect, testOutcome } from "@/lib/outcome";
import { DETECTION_LABELS, LAYER_LABELS } from "@/lib/labels";

const DETECTION_TONES: Record<Detection, "emerald" | "sky" | "amber" | "rose" | "slate"> = {
  prevented: "emerald",
  alerted: "sky",
  logged: "amber",
  none: "rose",
  not_applicable: "slate",
};

function YesNo({ value, yes, no }: { value: boolean; yes: string; no: string }) {
  return value ? (
    <span className="inline-flex items-center gap-1 text-emerald-700">
      <CheckCircle2 className="size-4" aria-hidden /> {yes}
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 text-slate-600">
      <XCircle className="size-4" aria-hidden /> {no}
    </span>
  );
}

const RULE_TONES: Record<RuleOutcome, "emerald" | "rose" | "slate"> = { fired: "emerald", not_fired: "rose", not_applicable: "slate" };

/** What the blue side recorded for each detection rule, by the rule's title. */
function RuleOutcomes({ test }: { test: TestDetail }) {
  const recorded = test.blue?.rule_outcomes ?? [];
  if (recorded.length === 0) return <p className="text-xs text-slate-600">No detection rule reported on.</p>;
  const rules = new Map((test.rules ?? []).map((r) => [r.rule_id, r]));
  return (
    <ul className="flex flex-col gap-1" aria-label="Detection rule outcomes">
      {recorded.map((o) => {
        const rule = rules.get(o.rule_id);
        return (
          <li key={o.rule_id} className="flex flex-wrap items-center gap-2 text-sm" data-rule-outcome={o.outcome}>
            <Badge tone={RULE_TONES[o.outcome]}>{RULE_OUTCOME_LABELS[o.outcome]}</Badge>
            <Link to={`/detection-rules/${o.rule_id}`} className="text-indigo-700 hover:underline">
              {rule?.title ?? o.rule_id}
            </Link>
            {rule && (
              <span className="text-xs text-slate-500">
                {RULE_SOURCE_LABELS[rule.source]}
                {rule.mapped ? "" : ", added by the blue team"}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The time to detect in words, saying why when it is unknown. */
function timeToDetectText(test: TestDetail): string {
  if (test.time_to_detect_secs !== null && test.time_to_detect_secs !== undefined) return formatDuration(test.time_to_detect_secs);
  const recorded = recordedTimeToDetect(test);
  if (recorded !== null && recorded < 0) return "not counted: the detection is recorded before the execution";
  return "unknown (no alert or prevention with a time)";
}

export function RedResultCard({ test }: { test: TestDetail }) {
  const red = test.red;
  return (
    <Card title="Red team result" className="border-t-4 border-t-red-500">
      {!red ? (
        <p className="text-sm text-slate-500">The red team has not documented the attack yet.</p>
      ) : (
        <div className="flex flex-col gap-3 text-sm">
          <div className="flex flex-wrap gap-x-6 gap-y-1">
            <YesNo value={red.executed} yes="Executed" no="Not executed" />
            <YesNo value={red.succeeded} yes="Attack succeeded" no="Attack did not succeed" />
          </div>
          <p className="text-xs text-slate-500">Executed at {formatDateTime(red.executed_at)}</p>
          {red.notes && <p className="whitespace-pre-line text-slate-700">{red.notes}</p>}
        </div>
      )}
    </Card>
  );
}

export function BlueResultCard({ test }: { test: TestDetail }) {
  const blue = test.blue;
  return (
    <Card title="Blue team result" className="border-t-4 border-t-blue-500" bodyClassName={blue ? "p-0" : undefined}>
      {!blue ? (
        <p className="text-sm text-slate-500">The blue team has not documented the detection yet.</p>
      ) : (
        <>
          <Table caption="Detection per layer">
            <thead>
              <tr>
                <Th>Layer</Th>
                <Th>Result</Th>
                <Th>Alert / rule</Th>
                <Th>Detected at</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {blue.outcomes.map((o, i) => (
                <tr key={`${o.layer}-${i}`}>
                  <Td className="font-medium">{LAYER_LABELS[o.layer]}</Td>
                  <Td>
                    <Badge tone={DETECTION_TONES[o.result]}>{DETECTION_LABELS[o.result]}</Badge>
                  </Td>
                  <Td className="text-xs">{o.alert_name ?? "—"}</Td>
                  <Td className="text-xs">{formatDateTime(o.detected_at)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="flex flex-col gap-2 px-5 py-3 text-sm">
            <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-slate-600">
              <span className="inline-flex items-center gap-1.5">
                Outcome <OutcomeBadge outcome={testOutcome(test)} />
              </span>
              <span>Time to detect: {timeToDetectText(test)}</span>
            </p>
            <div>
              <p className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">Detection rules</p>
              <RuleOutcomes test={test} />
            </div>
            {blue.notes && <p className="whitespace-pre-line text-slate-700">{blue.notes}</p>}
          </div>
        </>
      )}
    </Card>
  );
}
