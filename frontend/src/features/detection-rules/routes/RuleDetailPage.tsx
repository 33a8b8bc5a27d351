import { useState, type ReactNode } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Pencil, Trash2 } from "lucide-react";
import { RULE_SOURCE_LABELS } from "@/api/defense";
import { useTacticName } from "@/api/tactics";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Badge, Button, Card, ErrorState, LoadingState, PageHeader, useConfirm, useToast } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { ruleQuery, useDeleteRule } from "../api/rules";
import { RuleFlags } from "../components/RuleFlags";
import { RuleFormDialog } from "../components/RuleFormDialog";
import { RuleText } from "../components/RuleText";

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-800">{children || "—"}</dd>
    </div>
  );
}

export default function RuleDetailPage() {
  const { ruleId = "" } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const toast = useToast();
  const confirm = useConfirm();
  const q = useQuery(ruleQuery(ruleId));
  const remove = useDeleteRule();
  const tacticName = useTacticName();
  const [editing, setEditing] = useState(false);

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data!;
  const mayWrite = r.source === "custom" && can.writeRules(user.role);
  const listLink = `/detection-rules${search}`;

  const del = async () => {
    const ok = await confirm({
      title: `Delete “${r.title}”?`,
      consequence: "The rule leaves the catalog and is no longer attached to new tests. Outcomes tests already recorded for it stay in their results.",
      confirmLabel: "Delete rule",
      tone: "danger",
    });
    if (!ok) return;
    remove.mutate(r.id, {
      onSuccess: () => {
        toast.success(`Rule “${r.title}” deleted`);
        navigate(listLink);
      },
    });
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Detection Rules", to: listLink }, { label: r.title }]}
        title={r.title}
        badge={
          <span className="flex flex-wrap gap-1.5">
            <Badge tone="indigo">{RULE_SOURCE_LABELS[r.source] ?? r.source}</Badge>
            <RuleFlags rule={{ ...r, technique_ids: r.technique_ids ?? [], unknown_techniques: r.unknown_techniques ?? [], deprecated: Boolean(r.deprecated), building_block: Boolean(r.building_block) }} />
          </span>
        }
        actions={
          mayWrite && (
            <>
              <Button variant="secondary" icon={<Pencil className="size-4" aria-hidden />} onClick={() => setEditing(true)}>
                Edit rule
              </Button>
              <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden />} onClick={() => void del()} loading={remove.isPending}>
                Delete rule
              </Button>
            </>
          )
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 xl:col-span-2">
          {r.description && (
            <Card title="Description">
              <p className="text-sm whitespace-pre-line text-slate-700">{r.description}</p>
            </Card>
          )}
          {r.query && (
            <Card title="Query" description={r.language ? `Language: ${r.language}` : undefined}>
              <RuleText text={r.query} label="Query" />
            </Card>
          )}
          <Card title="Rule as written" description={r.upstream_path ?? (r.source === "custom" ? "Written in Aegis" : undefined)}>
            {r.raw ? <RuleText text={r.raw} label="Raw rule" /> : <p className="text-sm text-slate-600">No text kept for this rule.</p>}
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Techniques">
            {(r.technique_ids ?? []).length === 0 ? (
              <p className="text-sm text-slate-600">Unmapped: the rule names no ATT&CK technique.</p>
            ) : (
              <ul className="flex flex-wrap gap-1.5" aria-label="Techniques the rule maps">
                {r.technique_ids!.map((id) => (
                  <li key={id}>
                    <Link to={`/techniques/${id}`} className="inline-flex rounded-md bg-indigo-50 px-2 py-1 font-mono text-xs font-medium text-indigo-700 hover:underline">
                      {id}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
            {(r.unknown_techniques ?? []).length > 0 && (
              <p className="mt-3 text-xs text-orange-800">Not current in the catalog (revoked, deprecated or newer): {r.unknown_techniques!.join(", ")}</p>
            )}
            {(r.tactics ?? []).length > 0 && <p className="mt-3 text-sm text-slate-700">Tactics: {r.tactics!.map(tacticName).join(", ")}</p>}
          </Card>
          <Card title="Details">
            <dl className="flex flex-col gap-4">
              <Meta label="Rule id">
                <span className="font-mono text-xs">{r.source_id}</span>
              </Meta>
              <Meta label="Log source">{r.logsource}</Meta>
              <Meta label="Platforms">{(r.platforms ?? []).join(", ")}</Meta>
              <Meta label="Level">{r.level}</Meta>
              <Meta label="Status">{r.status}</Meta>
              {r.rule_type && <Meta label="Type">{r.rule_type}</Meta>}
              {r.risk_score !== null && r.risk_score !== undefined && <Meta label="Risk score">{r.risk_score}</Meta>}
              <Meta label="Author">{r.author}</Meta>
              <Meta label="Date">{r.date}</Meta>
              {(r.other_tags ?? []).length > 0 && <Meta label="Other tags">{r.other_tags!.join(", ")}</Meta>}
              <Meta label="Updated">
                {formatDateTime(r.updated_at)}
                {r.updated_by ? ` by ${r.updated_by}` : ""}
              </Meta>
              {(r.references ?? []).length > 0 && (
                <Meta label="References">
                  <ul className="flex flex-col gap-1">
                    {r.references!.map((ref) => (
                      <li key={ref} className="truncate">
                        {/^https?:\/\//.test(ref) ? (
                          <a href={ref} target="_blank" rel="noreferrer noopener" className="text-indigo-700 hover:underline" title={ref}>
                            {ref}
                          </a>
                        ) : (
                          ref
                        )}
                      </li>
                    ))}
                  </ul>
                </Meta>
              )}
            </dl>
          </Card>
        </div>
      </div>
      {editing && <RuleFormDialog rule={r} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
    </>
  );
}
