import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { DeploymentDialog } from "@/components/DeploymentDialog";
import { Badge, Button, Card, ErrorState, LoadingState, PageHeader, Table, Td, Th } from "@/components/ui";
import { formatDateTime, humanize, plural } from "@/lib/format";
import { countermeasureQuery } from "../api/d3fend";

export default function CountermeasurePage() {
  const { d3fendId = "" } = useParams();
  const { search } = useLocation();
  const user = useCurrentUser();
  const q = useQuery(countermeasureQuery(d3fendId));
  const [editing, setEditing] = useState(false);

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data!;
  const deployed = c.deployment?.deployed ?? false;

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "D3FEND", to: `/d3fend${search}` }, { label: c.id }]}
        title={c.name}
        badge={
          <span className="flex gap-1.5">
            {c.tactic && <Badge tone="indigo">{c.tactic}</Badge>}
            {deployed ? <Badge tone="emerald">Deployed</Badge> : <Badge tone="slate">Not deployed</Badge>}
          </span>
        }
        actions={
          can.deployCountermeasures(user.role) && (
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Change deployment
            </Button>
          )
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 xl:col-span-2">
          <Card title="Definition">
            <p className="text-sm whitespace-pre-line text-slate-700">{c.definition ?? "D3FEND gives no definition."}</p>
          </Card>
          <Card title={`ATT&CK techniques it counters (${c.counters.length})`} description="Through the digital artifacts both relate to" bodyClassName="p-0">
            {c.counters.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-600">D3FEND links it to no ATT&CK technique.</p>
            ) : (
              <Table caption="ATT&CK techniques countered">
                <thead>
                  <tr>
                    <Th>Technique</Th>
                    <Th>Through</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {c.counters.map((t) => (
                    <tr key={t.attack_id}>
                      <Td className="align-top">
                        <Link to={`/techniques/${t.attack_id}`} className="text-indigo-700 hover:underline">
                          <span className="font-mono text-xs font-medium">{t.attack_id}</span> {t.name ?? ""}
                        </Link>
                        {!t.name && <span className="block text-xs text-slate-500">Not in the catalog</span>}
                      </Td>
                      <Td className="text-xs">
                        <ul className="flex flex-col gap-0.5">
                          {t.via.map(([artifact, attackRel, d3Rel]) => (
                            <li key={`${artifact}-${attackRel}-${d3Rel}`}>
                              the technique {humanize(attackRel).toLowerCase()} <strong className="font-medium">{artifact}</strong>, which it {humanize(d3Rel).toLowerCase()}
                            </li>
                          ))}
                        </ul>
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Deployment">
            <dl className="flex flex-col gap-3 text-sm">
              <div>
                <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Status</dt>
                <dd className="mt-1">{deployed ? "Deployed" : "Not deployed"}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Notes</dt>
                <dd className="mt-1 whitespace-pre-line text-slate-700">{c.deployment?.notes || "—"}</dd>
              </div>
              {c.deployment && (
                <div>
                  <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Recorded</dt>
                  <dd className="mt-1 text-slate-700">
                    {formatDateTime(c.deployment.updated_at)}
                    {c.deployment.updated_by ? ` by ${c.deployment.updated_by}` : ""}
                  </dd>
                </div>
              )}
            </dl>
          </Card>
          <Card title="In the ontology">
            <dl className="flex flex-col gap-3 text-sm">
              <div>
                <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Class</dt>
                <dd className="mt-1 font-mono text-xs break-all">{c.class}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Parents</dt>
                <dd className="mt-1">{c.parents.join(", ") || "—"}</dd>
              </div>
              <div>
                <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">Artifacts ({plural(c.artifacts.length, "relation")})</dt>
                <dd className="mt-1">
                  <ul className="flex flex-col gap-0.5 text-xs">
                    {c.artifacts.map(([rel, artifact]) => (
                      <li key={`${rel}-${artifact}`}>
                        {humanize(rel)} <strong className="font-medium">{artifact}</strong>
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            </dl>
          </Card>
        </div>
      </div>
      {editing && (
        <DeploymentDialog countermeasure={{ id: c.id, name: c.name, deployed, notes: c.deployment?.notes }} onClose={() => setEditing(false)} />
      )}
    </>
  );
}
