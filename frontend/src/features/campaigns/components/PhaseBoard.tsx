import { Link } from "react-router";
import { Lock, Pencil, Trash2 } from "lucide-react";
import type { CampaignTestView } from "@/api/campaigns";
import { Badge, Button, StateBadge } from "@/components/ui";
import { DETECTION_LABELS, STATE_LABELS } from "@/lib/labels";
import { blockedLabel, stateBreakdown, type BoardCard, type BoardColumn } from "../model/board";
import { ProgressBar } from "./CampaignBits";

function TestCard({ card, manage }: { card: BoardCard; manage?: { onEdit: (t: CampaignTestView) => void; onRemove: (t: CampaignTestView) => void } }) {
  const t = card.test;
  const blocked = card.blockedBy.length > 0;
  return (
    <li
      className={`rounded-lg border bg-white p-3 shadow-sm ${blocked ? "border-amber-400" : "border-slate-200"}`}
      data-testid="campaign-test-card"
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          {t.state ? (
            <Link to={`/tests/${t.test_id}`} className="text-sm font-medium text-indigo-700 hover:underline">
              {t.title}
            </Link>
          ) : (
            <span className="text-sm font-medium text-slate-700">{t.title}</span>
          )}
          <p className="font-mono text-xs text-slate-500">{t.technique_id}</p>
        </div>
        {t.state ? <StateBadge state={t.state} /> : <Badge tone="rose">Test deleted</Badge>}
      </div>
      {blocked && (
        <p className="mt-2 flex items-start gap-1.5 rounded-md bg-amber-50 px-2 py-1 text-xs font-medium text-amber-900" data-testid="blocked-by">
          <Lock className="mt-0.5 size-3.5 shrink-0" aria-hidden />
          <span>{blockedLabel(card.blockedBy)}: it starts once they reach “Blue evaluating”.</span>
        </p>
      )}
      {!blocked && card.dependsOn.length > 0 && (
        <p className="mt-2 text-xs text-slate-600">After {card.dependsOn.map((d) => `“${d.title}”`).join(", ")} (met)</p>
      )}
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-2 text-xs text-slate-600">
        <dt>Red</dt>
        <dd className="truncate" title={t.assigned_red ?? undefined}>
          {t.assigned_red ?? "nobody yet"}
        </dd>
        <dt>Blue</dt>
        <dd className="truncate" title={t.assigned_blue ?? undefined}>
          {t.assigned_blue ?? "nobody yet"}
        </dd>
        {t.state === "validated" && (
          <>
            <dt>Detection</dt>
            <dd className="font-medium text-slate-800">{t.detection ? DETECTION_LABELS[t.detection] : "—"}</dd>
          </>
        )}
      </dl>
      {manage && (
        <div className="mt-2 flex justify-end gap-1">
          <Button variant="ghost" size="sm" icon={<Pencil className="size-3.5" aria-hidden />} onClick={() => manage.onEdit(t)} aria-label={`Edit ${t.title}: phase and dependencies`}>
            Edit
          </Button>
          <Button variant="ghost" size="sm" icon={<Trash2 className="size-3.5" aria-hidden />} onClick={() => manage.onRemove(t)} aria-label={`Remove ${t.title} from the campaign`}>
            Remove
          </Button>
        </div>
      )}
    </li>
  );
}

/** The phases side by side (scrolling sideways when many), each with its progress and its tests' cards. */
export function PhaseBoard({
  columns,
  manage,
}: {
  columns: readonly BoardColumn[];
  manage?: { onEdit: (t: CampaignTestView) => void; onRemove: (t: CampaignTestView) => void };
}) {
  return (
    <div className="flex gap-4 overflow-x-auto pb-2" role="region" aria-label="Phase columns" tabIndex={0}>
      {columns.map(({ phase, cards }, i) => (
        <section key={phase.id} aria-labelledby={`phase-${phase.id}`} className="flex w-72 shrink-0 flex-col gap-3 rounded-xl bg-slate-100 p-3" data-testid="phase-column">
          <header>
            <h3 id={`phase-${phase.id}`} className="text-sm font-semibold text-slate-900">
              <span className="text-slate-600">{i + 1}.</span> {phase.name}
            </h3>
            {phase.description && <p className="text-xs text-slate-600">{phase.description}</p>}
            <div className="mt-2">
              <ProgressBar progress={phase.progress} label={`Tests approved in phase ${phase.name}`} />
            </div>
            {stateBreakdown(phase.progress).length > 0 && (
              <p className="mt-1 text-xs text-slate-600">{stateBreakdown(phase.progress).map((s) => `${s.count} ${STATE_LABELS[s.state]}`).join(" · ")}</p>
            )}
          </header>
          {cards.length === 0 ? (
            <p className="text-xs text-slate-600">No test in this phase.</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {cards.map((c) => (
                <TestCard key={c.test.test_id} card={c} manage={manage} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
