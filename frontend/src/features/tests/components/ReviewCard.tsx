import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Clock, ThumbsDown, ThumbsUp, XCircle } from "lucide-react";
import type { Evidence, Role, TestDetail, Vote } from "@/api/types";
import { ROLE_LABELS } from "@/auth/permissions";
import { Button, Card, Field, Select, Textarea } from "@/components/ui";
import { formatDateTime, formatDuration, plural } from "@/lib/format";
import { recordedTimeToDetect, testOutcome } from "@/lib/outcome";
import { evidenceQuery } from "../api/evidence";
import { useStep } from "./useStep";

type Check = { label: string; state: "ok" | "warn" | "fail"; detail: string };

/** What a lead should look at before voting, each item said in words. */
export function reviewChecklist(test: Pick<TestDetail, "red" | "blue">, evidence: readonly Pick<Evidence, "side">[] | undefined, now: Date = new Date()): Check[] {
  const checks: Check[] = [];
  const red = test.red;
  const outcomes = test.blue?.outcomes ?? [];
  checks.push(
    red && outcomes.length > 0
      ? { label: "Results documented", state: "ok", detail: `Red: ${red.executed ? "executed" : "not executed"}${red.executed ? (red.succeeded ? ", succeeded" : ", did not succeed") : ""}. Blue: ${plural(outcomes.length, "layer")}.` }
      : { label: "Results documented", state: "fail", detail: !red ? "The red team has not documented the attack." : "The blue team has not documented the detection." },
  );
  if (evidence === undefined) {
    checks.push({ label: "Evidence present", state: "warn", detail: "Evidence is loading." });
  } else {
    const red = evidence.filter((e) => e.side === "red").length;
    const blue = evidence.filter((e) => e.side === "blue").length;
    const detail = `${plural(red, "red file")}, ${plural(blue, "blue file")}.`;
    checks.push({ label: "Evidence present", state: red > 0 && blue > 0 ? "ok" : "warn", detail: red > 0 && blue > 0 ? detail : `${detail} Ask for what is missing if the result needs it.` });
  }
  const outcome = testOutcome(test);
  const ttd = recordedTimeToDetect(test);
  const future = outcomes.some((o) => o.detected_at && Date.parse(o.detected_at) > now.getTime() + 60_000);
  if (future) checks.push({ label: "Detection time plausible", state: "fail", detail: "A detection time is in the future." });
  else if (ttd !== null && ttd < 0) checks.push({ label: "Detection time plausible", state: "fail", detail: `The detection is recorded ${formatDuration(-ttd)} before the execution.` });
  else if (ttd !== null) checks.push({ label: "Detection time plausible", state: "ok", detail: `Detected ${formatDuration(ttd)} after the execution.` });
  else if (outcome === "alerted" || outcome === "prevented") checks.push({ label: "Detection time plausible", state: "warn", detail: "No detection or execution time was given: the time to detect is unknown." });
  else checks.push({ label: "Detection time plausible", state: "ok", detail: "No alert to time (nothing alerted or prevented)." });
  return checks;
}

const CHECK_LOOK = {
  ok: { icon: CheckCircle2, className: "text-emerald-700", word: "Done" },
  warn: { icon: AlertTriangle, className: "text-amber-700", word: "Check" },
  fail: { icon: XCircle, className: "text-rose-700", word: "Problem" },
} as const;

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
        <Clock className="mt-0.5 size-5 text-slate-500" aria-hidden />
      )}
      <div className="flex-1 text-sm">
        <p className="font-medium text-slate-800">{label}</p>
        {vote ? (
          <>
            <p className="text-slate-600">
              {vote.decision === "approve" ? "Approved" : "Rejected"} by {vote.by} · <span className="text-xs">{formatDateTime(vote.at)}</span>
            </p>
            {vote.comment && <p className="mt-1 text-slate-600 italic">“{vote.comment}”</p>}
          </>
        ) : (
          <p className="text-slate-600">Pending</p>
        )}
      </div>
    </li>
  );
}

/** The lead roles whose vote is still missing (an admin votes as one of them). */
function pendingVotes(test: Pick<TestDetail, "votes">): ("red_lead" | "blue_lead")[] {
  return (["red_lead", "blue_lead"] as const).filter((r) => !test.votes[r]);
}

function VoteForm({ test, role }: { test: TestDetail; role: Role }) {
  // The server offers the vote (`allowed_actions`); an admin says which lead it votes as.
  const options = role === "admin" ? pendingVotes(test) : [];
  const [asRole, setAsRole] = useState(options[0] ?? "red_lead");
  const [comment, setComment] = useState("");
  const { step, run, errors } = useStep(test.id, "Vote recorded");
  const vote = (decision: "approve" | "reject") =>
    run({ action: "vote", body: { decision, comment, as_role: role === "admin" ? asRole : null } }, () => setComment(""));
  const deciding = (d: "approve" | "reject") => step.isPending && step.variables?.action === "vote" && step.variables.body.decision === d;
  return (
    <div className="flex flex-col gap-4 border-t border-slate-100 pt-4">
      {role === "admin" && (
        <Field id="vote-as" label="Vote as" className="max-w-xs" error={errors.as_role}>
          <Select value={asRole} onChange={(e) => setAsRole(e.target.value as "red_lead" | "blue_lead")}>
            {options.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field id="vote-comment" label="Comment" error={errors.comment} hint="Required when rejecting: say what must be redone">
        <Textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <div className="flex gap-2">
        <Button variant="success" icon={<ThumbsUp className="size-4" aria-hidden />} loading={deciding("approve")} disabled={step.isPending} onClick={() => vote("approve")}>
          Approve
        </Button>
        <Button variant="danger" icon={<ThumbsDown className="size-4" aria-hidden />} loading={deciding("reject")} disabled={step.isPending} onClick={() => vote("reject")}>
          Reject
        </Button>
      </div>
    </div>
  );
}

/**
 * Dual validation, after the results and evidence it judges: both leads' votes and, when the
 * caller may vote (`allowed_actions`), a short checklist and the vote itself.
 */
export function ReviewCard({ test, role }: { test: TestDetail; role: Role }) {
  const canVote = test.allowed_actions.includes("vote");
  const evidence = useQuery({ ...evidenceQuery(test.id), enabled: canVote });
  const checks = canVote ? reviewChecklist(test, evidence.data?.items) : [];
  return (
    <Card id="vote" title={canVote ? "Review and vote" : "Dual validation"} description="Both leads must approve" className={canVote ? "border-indigo-200 ring-1 ring-indigo-100" : undefined}>
      <ul className="-my-3 divide-y divide-slate-100">
        <VoteRow label="Red team lead" vote={test.votes.red_lead} />
        <VoteRow label="Blue team lead" vote={test.votes.blue_lead} />
      </ul>
      {canVote && (
        <div className="mt-4 flex flex-col gap-4">
          <div className="border-t border-slate-100 pt-4">
            <h3 className="text-sm font-semibold text-slate-900">Before you vote</h3>
            <ul className="mt-2 flex flex-col gap-2" aria-label="Review checklist">
              {checks.map((c) => {
                const look = CHECK_LOOK[c.state];
                const Icon = look.icon;
                return (
                  <li key={c.label} className="flex items-start gap-2 text-sm" data-check={c.state}>
                    <Icon className={`mt-0.5 size-4 shrink-0 ${look.className}`} aria-hidden />
                    <span>
                      <span className="font-medium text-slate-900">
                        {c.label}: <span className={look.className}>{look.word}</span>
                      </span>
                      <span className="block text-slate-600">{c.detail}</span>
                    </span>
                  </li>
                );
              })}
            </ul>
          </div>
          <VoteForm key={`vote-${test.version}`} test={test} role={role} />
        </div>
      )}
    </Card>
  );
}
