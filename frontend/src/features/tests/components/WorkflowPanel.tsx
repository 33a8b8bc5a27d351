import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { Lock, Play, RotateCcw } from "lucide-react";
import type { Role, TestAction, TestDetail } from "@/api/types";
import { Button, Card, Field, Textarea } from "@/components/ui";
import { STATE_LABELS } from "@/lib/labels";
import { BlueResultsForm } from "./BlueResultsForm";
import { RedResultsForm } from "./RedResultsForm";
import { useStep } from "./useStep";

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
      return "Approved by both leads. Nothing left to do.";
  }
}

/** A draft held back by its campaign: the dependencies that have not reached "Blue evaluating" (`blocked_by`). */
function BlockedBy({ test }: { test: TestDetail }) {
  return (
    <div className="mt-3 flex items-start gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="blocked-by">
      <Lock className="mt-0.5 size-4 shrink-0" aria-hidden />
      <p>
        Blocked by{" "}
        {test.blocked_by.map((b, i) => (
          <span key={b.id}>
            {i > 0 && (i === test.blocked_by.length - 1 ? " and " : ", ")}
            <Link to={`/tests/${b.id}`} className="font-medium underline underline-offset-2">
              {b.title}
            </Link>{" "}
            ({STATE_LABELS[b.state]})
          </span>
        ))}
        : its campaign starts it once {test.blocked_by.length === 1 ? "that test reaches" : "they reach"} “Blue evaluating”.
      </p>
    </div>
  );
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

function VoteBelow() {
  return (
    <p className="text-sm text-slate-600">
      Your vote is asked. Read the results and evidence below, then{" "}
      <a href="#vote" className="font-medium text-indigo-700 underline underline-offset-2">
        review and vote at the end of the page
      </a>
      .
    </p>
  );
}

type StepBlock = (test: TestDetail, role: Role) => ReactNode;

/**
 * The form of each step; a new step the server names makes this fail to compile until added.
 * The vote is cast in the review card after the results it judges (`ReviewCard`); here it is
 * only pointed to.
 */
const STEP_BLOCKS: Record<TestAction, StepBlock> = {
  start_execution: (test) => <StartExecution key="start" test={test} />,
  submit_red: (test) => <RedResultsForm key={`red-${test.version}`} test={test} />,
  submit_blue: (test) => <BlueResultsForm key={`blue-${test.version}`} test={test} />,
  vote: () => <VoteBelow key="vote" />,
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
      {blocks.length ? <div className="flex flex-col gap-6">{blocks}</div> : <p className="text-sm text-slate-600">{waitingFor(test)}</p>}
      {test.state === "draft" && test.blocked_by.length > 0 && <BlockedBy test={test} />}
    </Card>
  );
}
