import { useState, type FormEvent, type ReactNode } from "react";
import { Play, Plus, RotateCcw, Send, ThumbsDown, ThumbsUp, Trash2 } from "lucide-react";
import { fieldErrors } from "@/api/client";
import type { Detection, Layer, Role, TestAction, TestDetail } from "@/api/types";
import { ROLE_LABELS } from "@/auth/permissions";
import { Button, Card, Checkbox, Field, Input, Select, Textarea, useToast } from "@/components/ui";
import { fromLocalInput, toLocalInput } from "@/lib/datetime";
import { DETECTION_LABELS, DETECTIONS, LAYER_LABELS, LAYERS } from "@/lib/labels";
import { useWorkflowStep, type WorkflowStep } from "../api/tests";

/** What a test waits for when the caller has no step to take on it (`allowed_actions` empty). */
function waitingFor(test: TestDetail): string {
  const red = test.assigned_red ? ` (${test.assigned_red})` : "";
  const blue = test.assigned_blue ? ` (${test.assigned_blue})` : "";
  switch (test.state) {
    case "draft":
      return `Waiting for the red team${red} to start the execution.`;
    case "red_executing":
      return `Waiting for the red team${red} to document the attack.`;
    case "blue_evaluating":
      return `Waiting for the blue team${blue} to document the detection.`;
    case "in_review":
      return "Waiting for the leads' votes.";
    case "rejected":
      return "Rejected: a lead may reopen it for a new round.";
    case "validated":
      return "Validated by both leads. Nothing left to do.";
  }
}

/** The lead roles whose vote is still missing (an admin votes as one of them). */
function pendingVotes(test: Pick<TestDetail, "votes">): ("red_lead" | "blue_lead")[] {
  return (["red_lead", "blue_lead"] as const).filter((r) => !test.votes[r]);
}

interface OutcomeRow {
  layer: Layer;
  result: Detection;
  alert_name: string;
  detected_at: string;
}

function useStep(testId: string, success: string) {
  const step = useWorkflowStep(testId);
  const toast = useToast();
  const run = (s: WorkflowStep, done?: () => void) =>
    step.mutate(s, {
      onSuccess: () => {
        toast.success(success);
        done?.();
      },
    });
  return { step, run, errors: fieldErrors(step.error) };
}

function StartExecution({ test }: { test: TestDetail }) {
  const { step, run } = useStep(test.id, "Execution started: the test is now with the red team");
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-slate-600">Start when you are about to run the attack on the target. You can then attach red evidence.</p>
      <div>
        <Button icon={<Play className="size-4" aria-hidden />} loading={step.isPending} onClick={() => run({ action: "start_execution", body: {} })}>
          Start execution
        </Button>
      </div>
    </div>
  );
}

function SubmitRed({ test }: { test: TestDetail }) {
  const [executed, setExecuted] = useState(true);
  const [succeeded, setSucceeded] = useState(true);
  const [at, setAt] = useState(() => toLocalInput(new Date()));
  const [notes, setNotes] = useState("");
  const { step, run, errors } = useStep(test.id, "Red results submitted: the blue team is notified");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run({ action: "submit_red", body: { executed, succeeded: executed && succeeded, executed_at: fromLocalInput(at), notes } });
  };
  return (
    <form className="flex flex-col gap-4" onSubmit={submit} aria-label="Red team results">
      <div className="flex flex-wrap gap-6">
        <Checkbox id="red-executed" label="The attack was executed" checked={executed} onChange={(e) => setExecuted(e.target.checked)} />
        <Checkbox
          id="red-succeeded"
          label="The attack succeeded"
          description="It achieved its objective on the target"
          checked={executed && succeeded}
          disabled={!executed}
          onChange={(e) => setSucceeded(e.target.checked)}
        />
      </div>
      <Field id="red-executed-at" label="Executed at" error={errors.executed_at} className="max-w-xs">
        <Input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      </Field>
      <Field id="red-notes" label="Notes" error={errors.notes} hint="Commands run, output, anything the blue team should look for">
        <Textarea value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      <div>
        <Button type="submit" icon={<Send className="size-4" aria-hidden />} loading={step.isPending}>
          Submit red results
        </Button>
      </div>
    </form>
  );
}

function SubmitBlue({ test }: { test: TestDetail }) {
  const [rows, setRows] = useState<OutcomeRow[]>([{ layer: "edr", result: "alerted", alert_name: "", detected_at: toLocalInput(new Date()) }]);
  const [notes, setNotes] = useState("");
  const { step, run, errors } = useStep(test.id, "Blue results submitted: the leads are asked to review");
  const update = (i: number, patch: Partial<OutcomeRow>) => setRows((r) => r.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run({
      action: "submit_blue",
      body: {
        notes,
        outcomes: rows.map((r) => ({
          layer: r.layer,
          result: r.result,
          alert_name: r.alert_name.trim() || null,
          detected_at: ["prevented", "alerted", "logged"].includes(r.result) ? fromLocalInput(r.detected_at) : null,
        })),
      },
    });
  };
  return (
    <form className="flex flex-col gap-4" onSubmit={submit} aria-label="Blue team results">
      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-medium text-slate-700">Detection per defensive layer</legend>
        {rows.map((row, i) => (
          <div key={i} className="grid grid-cols-1 items-end gap-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-[1fr_1fr_1.4fr_1.4fr_auto]">
            <Field id={`blue-layer-${i}`} label="Layer" error={errors[`outcomes[${i}].layer`]}>
              <Select value={row.layer} onChange={(e) => update(i, { layer: e.target.value as Layer })}>
                {LAYERS.map((l) => (
                  <option key={l} value={l}>
                    {LAYER_LABELS[l]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id={`blue-result-${i}`} label="Result" error={errors[`outcomes[${i}].result`]}>
              <Select value={row.result} onChange={(e) => update(i, { result: e.target.value as Detection })}>
                {DETECTIONS.map((d) => (
                  <option key={d} value={d}>
                    {DETECTION_LABELS[d]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id={`blue-alert-${i}`} label="Alert or rule name" error={errors[`outcomes[${i}].alert_name`]}>
              <Input value={row.alert_name} onChange={(e) => update(i, { alert_name: e.target.value })} />
            </Field>
            <Field id={`blue-detected-${i}`} label="Detected at" error={errors[`outcomes[${i}].detected_at`]}>
              <Input
                type="datetime-local"
                value={row.detected_at}
                disabled={!["prevented", "alerted", "logged"].includes(row.result)}
                onChange={(e) => update(i, { detected_at: e.target.value })}
              />
            </Field>
            <Button
              variant="ghost"
              aria-label={`Remove layer ${i + 1}`}
              disabled={rows.length === 1}
              onClick={() => setRows((r) => r.filter((_, j) => j !== i))}
              icon={<Trash2 className="size-4" aria-hidden />}
            />
          </div>
        ))}
        {errors.outcomes && <p className="text-xs font-medium text-rose-600">{errors.outcomes}</p>}
        <div>
          <Button
            size="sm"
            variant="secondary"
            icon={<Plus className="size-3.5" aria-hidden />}
            disabled={rows.length >= LAYERS.length}
            onClick={() => setRows((r) => [...r, { layer: LAYERS.find((l) => !r.some((x) => x.layer === l)) ?? "other", result: "none", alert_name: "", detected_at: toLocalInput(new Date()) }])}
          >
            Add layer
          </Button>
        </div>
      </fieldset>
      <Field id="blue-notes" label="Notes" error={errors.notes}>
        <Textarea value={notes} onChange={(e) => setNotes(e.target.value)} />
      </Field>
      <div>
        <Button type="submit" icon={<Send className="size-4" aria-hidden />} loading={step.isPending}>
          Submit blue results
        </Button>
      </div>
    </form>
  );
}

function VoteForm({ test, role }: { test: TestDetail; role: Role }) {
  // The server offers the vote (`allowed_actions`); an admin says which lead it votes as.
  const options = role === "admin" ? pendingVotes(test) : [];
  const [asRole, setAsRole] = useState(options[0] ?? "red_lead");
  const [comment, setComment] = useState("");
  const { step, run, errors } = useStep(test.id, "Vote recorded");
  const vote = (decision: "approve" | "reject") =>
    run({ action: "vote", body: { decision, comment, as_role: role === "admin" ? asRole : null } }, () => setComment(""));
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-600">Review the red and blue results and the evidence, then approve or reject. Both leads must approve to validate.</p>
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
        <Button variant="success" icon={<ThumbsUp className="size-4" aria-hidden />} loading={step.isPending && step.variables?.action === "vote" && step.variables.body.decision === "approve"} disabled={step.isPending} onClick={() => vote("approve")}>
          Approve
        </Button>
        <Button variant="danger" icon={<ThumbsDown className="size-4" aria-hidden />} loading={step.isPending && step.variables?.action === "vote" && step.variables.body.decision === "reject"} disabled={step.isPending} onClick={() => vote("reject")}>
          Reject
        </Button>
      </div>
    </div>
  );
}

function Reopen({ test }: { test: TestDetail }) {
  const [comment, setComment] = useState("");
  const { step, run, errors } = useStep(test.id, "Test reopened as a draft for a new round");
  return (
    <div className="flex flex-col gap-4">
      <Field id="reopen-comment" label="Comment" error={errors.comment} hint="What the next round should do differently">
        <Textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <div>
        <Button variant="secondary" icon={<RotateCcw className="size-4" aria-hidden />} loading={step.isPending} onClick={() => run({ action: "reopen", body: { comment: comment || null } })}>
          Reopen test
        </Button>
      </div>
    </div>
  );
}

type StepBlock = (test: TestDetail, role: Role) => ReactNode;

/** The form of each step; a new step the server names makes this fail to compile until added. */
const STEP_BLOCKS: Record<TestAction, StepBlock> = {
  start_execution: (test) => <StartExecution key="start" test={test} />,
  submit_red: (test) => <SubmitRed key={`red-${test.version}`} test={test} />,
  submit_blue: (test) => <SubmitBlue key={`blue-${test.version}`} test={test} />,
  vote: (test, role) => <VoteForm key={`vote-${test.version}`} test={test} role={role} />,
  reopen: (test) => <Reopen key="reopen" test={test} />,
};

const ORDER: TestAction[] = ["start_execution", "submit_red", "submit_blue", "vote", "reopen"];

/**
 * The workflow steps the caller may take now, each with its form: exactly the test's
 * `allowed_actions`, which the server derives from role, state, assignment and the votes cast.
 * Without any, what the test is waiting for.
 */
export function WorkflowPanel({ test, role }: { test: TestDetail; role: Role }) {
  const blocks = ORDER.filter((a) => test.allowed_actions.includes(a)).map((a) => STEP_BLOCKS[a](test, role));
  return (
    <Card title={blocks.length ? "Your next step" : "Next step"} className="border-indigo-200 ring-1 ring-indigo-100" id="workflow">
      {blocks.length ? <div className="flex flex-col gap-6">{blocks}</div> : <p className="text-sm text-slate-500">{waitingFor(test)}</p>}
    </Card>
  );
}
