import { useId, useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { CalendarClock, CheckCircle2, Plus, User as UserIcon, Wrench } from "lucide-react";
import { fieldErrors } from "@/api/client";
import type { RemediationStep, Role, StepStatus, TestDetail } from "@/api/types";
import { bestDetection, can, hasDetectionGap } from "@/auth/permissions";
import { UserPicker } from "@/components/UserPicker";
import { Badge, Button, Card, EmptyState, ErrorState, Field, Input, LoadingState, Select, Textarea, useToast } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { DETECTION_LABELS } from "@/lib/labels";
import { remediationQuery, useAddStep, useUpdateStepStatus } from "../api/remediation";
import { formatDueDate, isOverdue, progress, STEP_STATUS_LABELS, STEP_STATUSES } from "./remediation";

const STATUS_TONES: Record<StepStatus, "slate" | "sky" | "emerald"> = { open: "slate", in_progress: "sky", done: "emerald" };

function StepItem({ step, test, role, username }: { step: RemediationStep; test: TestDetail; role?: Role; username?: string }) {
  const update = useUpdateStepStatus(test.id);
  const toast = useToast();
  const selectId = useId();
  const editable = can.updateRemediationStep(role, username, step);
  const overdue = isOverdue(step);

  const change = (status: StepStatus) =>
    update.mutate({ stepId: step.id, status }, { onSuccess: (s) => toast.success(`“${s.title}” is now ${STEP_STATUS_LABELS[s.status].toLowerCase()}`) });

  return (
    <li className="flex flex-col gap-2 px-5 py-4 sm:flex-row sm:items-start sm:justify-between" data-step={step.title} data-step-status={step.status}>
      <div className="min-w-0 flex-1">
        <p className={step.status === "done" ? "font-medium text-slate-500 line-through decoration-slate-300" : "font-medium text-slate-800"}>{step.title}</p>
        {step.description && <p className="mt-1 text-sm whitespace-pre-line text-slate-600">{step.description}</p>}
        <p className="mt-1.5 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500">
          <span className="inline-flex items-center gap-1">
            <UserIcon className="size-3.5" aria-hidden /> Owner <strong className="font-medium text-slate-700">{step.owner}</strong>
          </span>
          <span className={overdue ? "inline-flex items-center gap-1 font-medium text-rose-700" : "inline-flex items-center gap-1"}>
            <CalendarClock className="size-3.5" aria-hidden /> {step.due_date ? `Due ${formatDueDate(step.due_date)}` : "No due date"}
            {overdue && " (overdue)"}
          </span>
          <span>
            Added by {step.created_by}, {formatDateTime(step.created_at)}
          </span>
        </p>
      </div>
      <div className="shrink-0 sm:w-40">
        {editable ? (
          <>
            <label htmlFor={selectId} className="sr-only">
              Status of “{step.title}”
            </label>
            <Select id={selectId} value={step.status} disabled={update.isPending} onChange={(e) => change(e.target.value as StepStatus)}>
              {STEP_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STEP_STATUS_LABELS[s]}
                </option>
              ))}
            </Select>
          </>
        ) : (
          <Badge tone={STATUS_TONES[step.status]}>{STEP_STATUS_LABELS[step.status]}</Badge>
        )}
      </div>
    </li>
  );
}

const EMPTY = { title: "", owner: "", due_date: "", description: "" };

function AddStepForm({ test, onDone }: { test: TestDetail; onDone: () => void }) {
  const [form, setForm] = useState({ ...EMPTY, owner: test.assigned_blue ?? "" });
  const add = useAddStep(test.id);
  const toast = useToast();
  const errors = fieldErrors(add.error);
  const set = (k: keyof typeof EMPTY, v: string) => setForm((f) => ({ ...f, [k]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      { title: form.title.trim(), owner: form.owner.trim(), description: form.description, due_date: form.due_date || null },
      {
        onSuccess: (s) => {
          toast.success(`Step “${s.title}” added for ${s.owner}`);
          setForm({ ...EMPTY, owner: form.owner });
          add.reset();
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Add a remediation step" className="flex flex-col gap-4 border-t border-slate-100 bg-slate-50/60 px-5 py-4">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-[2fr_1fr_1fr]">
        <Field id="step-title" label="Step" required error={errors.title}>
          <Input value={form.title} onChange={(e) => set("title", e.target.value)} maxLength={200} placeholder="e.g. Add a SIEM rule for encoded PowerShell" autoFocus />
        </Field>
        <Field id="step-owner" label="Owner" required error={errors.owner} hint="An active user">
          <UserPicker value={form.owner} onChange={(v) => set("owner", v)} allowEmpty={false} />
        </Field>
        <Field id="step-due" label="Due date" error={errors.due_date}>
          <Input type="date" value={form.due_date} onChange={(e) => set("due_date", e.target.value)} />
        </Field>
      </div>
      <Field id="step-description" label="Description" error={errors.description}>
        <Textarea rows={3} value={form.description} onChange={(e) => set("description", e.target.value)} />
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={add.isPending} disabled={!form.title.trim() || !form.owner.trim()}>
          Add step
        </Button>
      </div>
    </form>
  );
}

/** Remediation of a validated test: its steps, their status, and adding steps when there is a gap. */
export function RemediationPanel({ test, role, username }: { test: TestDetail; role?: Role; username?: string }) {
  const validated = test.state === "validated";
  const q = useQuery(remediationQuery(test.id, validated));
  const [adding, setAdding] = useState(false);
  if (!validated) return null;
  const gap = hasDetectionGap(test);
  const steps = q.data?.items ?? [];
  const { done, total } = progress(steps);
  const mayAdd = can.addRemediationStep(role, test);

  return (
    <Card
      id="remediation"
      title="Remediation"
      description={
        gap
          ? `Best detection: ${DETECTION_LABELS[bestDetection(test)].toLowerCase()}, below alerted. When every step is done, an automatic retest follows.`
          : "Detected (alerted or prevented): no remediation is needed."
      }
      bodyClassName="p-0"
      actions={
        <>
          {total > 0 && (
            <Badge tone={done === total ? "emerald" : "amber"}>
              {done} of {total} done
            </Badge>
          )}
          {mayAdd && !adding && (
            <Button size="sm" icon={<Plus className="size-3.5" aria-hidden />} onClick={() => setAdding(true)}>
              Add step
            </Button>
          )}
        </>
      }
    >
      {q.isLoading && <LoadingState label="Loading remediation…" />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && steps.length === 0 && !adding && (
        <EmptyState
          icon={gap ? <Wrench className="size-6" aria-hidden /> : <CheckCircle2 className="size-6" aria-hidden />}
          title={gap ? "No remediation steps yet" : "Nothing to remediate"}
          description={gap ? (mayAdd ? "Add the steps that close this detection gap." : "A lead adds the steps that close this detection gap.") : undefined}
        />
      )}
      {steps.length > 0 && (
        <ul className="divide-y divide-slate-100" aria-label="Remediation steps">
          {steps.map((s) => (
            <StepItem key={s.id} step={s} test={test} role={role} username={username} />
          ))}
        </ul>
      )}
      {adding && <AddStepForm test={test} onDone={() => setAdding(false)} />}
    </Card>
  );
}
