import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, ExternalLink, FlaskConical } from "lucide-react";
import type { TechniqueDetail } from "@/api/types";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import {
  Badge,
  Button,
  Card,
  CoverageBadge,
  EmptyState,
  ErrorState,
  LinkButton,
  LoadingState,
  PageHeader,
  useToast,
} from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { Markdown } from "@/components/Markdown";
import { SelectableTests } from "@/components/tests/SelectableTests";
import { plural } from "@/lib/format";
import { techniqueQuery, techniqueTestsQuery, useReviewTechnique } from "../api/techniques";
import { DetectionCard } from "../components/DetectionCard";
import { TechniqueCountermeasures } from "../components/TechniqueCountermeasures";
import { TechniqueRules } from "../components/TechniqueRules";

/** "3 active test templates" linking to the catalog filtered by the technique. */
function TemplateCount({ attackId, counts }: { attackId: string; counts: TechniqueDetail["templates"] }) {
  const to = `/test-catalog?technique=${encodeURIComponent(attackId)}`;
  if (counts.total === 0) return <span className="text-slate-500">No test template yet</span>;
  return (
    <Link to={`${to}&active=true`} className="font-medium text-indigo-700 hover:underline">
      {plural(counts.active, "active test template")}
      {counts.total > counts.active && <span className="font-normal text-slate-500"> (of {counts.total})</span>}
    </Link>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

export default function TechniqueDetailPage() {
  const { attackId = "" } = useParams();
  const user = useCurrentUser();
  const toast = useToast();
  const q = useQuery(techniqueQuery(attackId));
  const tests = useQuery(techniqueTestsQuery(attackId));
  const review = useReviewTechnique(attackId);

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const t = q.data!;

  const toggleReview = () =>
    review.mutate(!t.reviewed, {
      onSuccess: (r) => toast.success(r.reviewed ? `${t.attack_id} marked reviewed` : `${t.attack_id} marked not reviewed`),
    });

  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Techniques", to: "/techniques" },
          ...(t.parent_id ? [{ label: t.parent_id, to: `/techniques/${t.parent_id}` }] : []),
          { label: t.attack_id },
        ]}
        title={
          <>
            <span className="font-mono text-indigo-700">{t.attack_id}</span> {t.name}
          </>
        }
        documentTitle={`${t.attack_id} ${t.name}`}
        badge={
          <div className="flex gap-2">
            <CoverageBadge status={t.coverage_status} />
            {t.reviewed && (
              <Badge tone="emerald">
                <CheckCircle2 className="size-3" aria-hidden /> Reviewed
              </Badge>
            )}
            {t.custom && <Badge tone="violet">Custom</Badge>}
            {(t.deprecated || t.revoked) && <Badge tone="amber">{t.revoked ? "Revoked" : "Deprecated"}</Badge>}
          </div>
        }
        actions={
          <>
            {t.url && (
              <a
                href={t.url}
                target="_blank"
                rel="noreferrer noopener"
                className="inline-flex items-center gap-1.5 text-sm font-medium text-slate-600 hover:text-indigo-700"
              >
                MITRE page <ExternalLink className="size-3.5" aria-hidden />
              </a>
            )}
            {can.reviewTechnique(user.role) && (
              <Button variant="secondary" onClick={toggleReview} loading={review.isPending}>
                {t.reviewed ? "Mark not reviewed" : "Mark reviewed"}
              </Button>
            )}
            {can.createTest(user.role) && (
              <LinkButton to={`/tests/new?technique=${encodeURIComponent(t.attack_id)}`} icon={<FlaskConical className="size-4" aria-hidden />}>
                New test
              </LinkButton>
            )}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="flex flex-col gap-6 xl:col-span-2">
          <Card title="Description">
            <Markdown text={t.description} label="References of the description" />
          </Card>
          <DetectionCard technique={t} />
          <TechniqueRules attackId={t.attack_id} rules={t.rules ?? []} />
          <Card
            title="Validation tests"
            description={t.tests_total ? `${t.tests_validated} of ${plural(t.tests_total, "test")} approved` : "No tests yet"}
            bodyClassName="p-0"
          >
            {tests.isLoading && <LoadingState />}
            {tests.isError && <ErrorState error={tests.error} />}
            {tests.data && tests.data.items.length === 0 && (
              <EmptyState title="No tests for this technique yet" description="A red team member creates one to start validating it." />
            )}
            {tests.data && tests.data.items.length > 0 && (
              <SelectableTests tests={tests.data.items} caption="Tests of this technique" columns={["severity", "assignees"]} />
            )}
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Details">
            <dl className="flex flex-col gap-4">
              <Meta label="Tactics">
                <div className="flex flex-wrap gap-1.5">
                  {t.tactic_refs.map((r) => (
                    <Link key={r.id} to={`/techniques?tactic=${r.shortname}`}>
                      <Badge tone="indigo">{r.name}</Badge>
                    </Link>
                  ))}
                </div>
              </Meta>
              <Meta label="Platforms">{t.platforms.join(", ") || "—"}</Meta>
              <Meta label="Test templates">
                <TemplateCount attackId={t.attack_id} counts={t.templates} />
              </Meta>
              <Meta label="Data sources">
                {t.data_sources.length ? (
                  <ul className="list-inside list-disc text-slate-700">
                    {t.data_sources.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                ) : (
                  "—"
                )}
              </Meta>
              <Meta label="Review">
                {t.reviewed ? `Reviewed by ${t.reviewed_by ?? "—"} on ${formatDateTime(t.reviewed_at)}` : "Not reviewed"}
              </Meta>
              <Meta label="ATT&CK version">{t.attack_version ?? "—"}</Meta>
            </dl>
          </Card>
          {t.subtechniques.length > 0 && (
            <Card title={`Sub-techniques (${t.subtechniques.length})`} bodyClassName="p-0">
              <ul className="divide-y divide-slate-100">
                {t.subtechniques.map((s) => (
                  <li key={s.attack_id} className="flex items-center justify-between gap-2 px-5 py-2.5 text-sm">
                    <Link to={`/techniques/${s.attack_id}`} title={`${s.attack_id} ${s.name}`} className="min-w-0 truncate hover:underline">
                      <span className="font-mono text-xs text-indigo-700">{s.attack_id}</span> {s.name}
                    </Link>
                    <CoverageBadge status={s.coverage_status} />
                  </li>
                ))}
              </ul>
            </Card>
          )}
          <Card title={`Threat actors (${t.threat_actors.length})`}>
            {t.threat_actors.length === 0 ? (
              <p className="text-sm text-slate-500">No known group uses it.</p>
            ) : (
              <ul className="flex max-h-72 flex-wrap gap-1.5 overflow-y-auto" aria-label="Threat actors using this technique">
                {t.threat_actors.map((a) => (
                  <li key={a.attack_id}>
                    <Link
                      to={`/threat-actors/${a.attack_id}`}
                      title={a.attack_id}
                      className="inline-flex rounded-md bg-slate-100 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-indigo-50 hover:text-indigo-700"
                    >
                      {a.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <TechniqueCountermeasures
            attackId={t.attack_id}
            countermeasures={t.countermeasures ?? []}
            deployedPct={t.d3fend_deployed_pct}
            mayDeploy={can.deployCountermeasures(user.role)}
          />
          <Card title="Mitigations" bodyClassName="p-0">
            {t.mitigations.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-500">None listed.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {t.mitigations.map((m) => (
                  <li key={m.attack_id} className="px-5 py-2.5 text-sm text-slate-700">
                    <span className="font-mono text-xs text-slate-500">{m.attack_id}</span> {m.name}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
