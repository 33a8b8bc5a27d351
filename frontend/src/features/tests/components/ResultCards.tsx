import { CheckCircle2, Clock, XCircle } from "lucide-react";
import type { Detection, TestDetail, Vote } from "@/api/types";
import { Badge, Card, Table, Td, Th } from "@/components/ui";
import { formatDateTime, formatDuration } from "@/lib/format";
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
    <span className="inline-flex items-center gap-1 text-slate-500">
      <XCircle className="size-4" aria-hidden /> {no}
    </span>
  );
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
          <div className="flex flex-col gap-1 px-5 py-3 text-sm">
            {test.time_to_detect_secs !== null && test.time_to_detect_secs !== undefined && (
              <p className="text-xs text-slate-500">Time to detect: {formatDuration(test.time_to_detect_secs)}</p>
            )}
            {blue.notes && <p className="whitespace-pre-line text-slate-700">{blue.notes}</p>}
          </div>
        </>
      )}
    </Card>
  );
}

function VoteRow({ label, vote }: { label: string; vote: Vote | null | undefined }) {
  return (
    <li className="flex items-start gap-3 py-3">
      {vote ? (
        vote.decision === "approve" ? (
          <CheckCircle2 className="mt-0.5 size-5 text-emerald-600" aria-hidden />
        ) : (
          <XCircle className="mt-0.5 size-5 text-rose-600" aria-hidden />
        )
      ) : (
        <Clock className="mt-0.5 size-5 text-slate-400" aria-hidden />
      )}
      <div className="flex-1 text-sm">
        <p className="font-medium text-slate-800">{label}</p>
        {vote ? (
          <>
            <p className="text-slate-600">
              {vote.decision === "approve" ? "Approved" : "Rejected"} by {vote.by} · <span className="text-xs">{formatDateTime(vote.at)}</span>
            </p>
            {vote.comment && <p className="mt-1 text-slate-500 italic">“{vote.comment}”</p>}
          </>
        ) : (
          <p className="text-slate-500">Pending</p>
        )}
      </div>
    </li>
  );
}

export function VotesCard({ test }: { test: TestDetail }) {
  return (
    <Card title="Dual validation" description="Both leads must approve">
      <ul className="-my-3 divide-y divide-slate-100">
        <VoteRow label="Red team lead" vote={test.votes.red_lead} />
        <VoteRow label="Blue team lead" vote={test.votes.blue_lead} />
      </ul>
    </Card>
  );
}
