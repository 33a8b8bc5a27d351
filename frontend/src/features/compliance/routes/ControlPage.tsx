import { Link, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Card, CoverageBadge, ErrorState, LoadingState, PageHeader, Table, Td, Th } from "@/components/ui";
import { formatScore } from "@/lib/format";
import { controlQuery, frameworkQuery, gapsQuery } from "../api/compliance";
import { CoverageBar } from "../components/CoverageBar";

export default function ControlPage() {
  const { frameworkId = "", controlId = "" } = useParams();
  const framework = useQuery(frameworkQuery(frameworkId));
  const q = useQuery(controlQuery(frameworkId, controlId));
  const gaps = useQuery(gapsQuery(frameworkId, ""));
  const gap = gaps.data?.controls.find((g) => g.control_id === controlId);

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data!;
  const fwName = framework.data?.name ?? frameworkId;

  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Compliance", to: "/compliance" },
          { label: fwName, to: `/compliance/${encodeURIComponent(frameworkId)}` },
          { label: c.control_id },
        ]}
        title={`${c.control_id} ${c.name}`}
        description={c.family ? `Family ${c.family}` : undefined}
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-6 xl:col-span-2">
          <Card title={`Mapped techniques (${c.techniques.length})`} description="Each with its coverage and score now" bodyClassName="p-0">
            {c.techniques.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-600">This control maps no technique of the catalog.</p>
            ) : (
              <Table caption="Mapped techniques">
                <thead>
                  <tr>
                    <Th>Technique</Th>
                    <Th>Mapping</Th>
                    <Th>Status</Th>
                    <Th>Score</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {c.techniques.map((t) => (
                    <tr key={t.technique_id} data-technique={t.technique_id}>
                      <Td>
                        <Link to={`/techniques/${t.technique_id}`} className="text-indigo-700 hover:underline">
                          <span className="font-mono text-xs font-semibold">{t.technique_id}</span> {t.name}
                        </Link>
                        {t.mapped_as && <span className="block text-xs text-sky-800">Mapped as {t.mapped_as} (revoked, re-pointed)</span>}
                      </Td>
                      <Td className="text-xs">{t.mapping_type ?? "—"}</Td>
                      <Td>
                        <CoverageBadge status={t.status} />
                      </Td>
                      <Td className="tabular-nums">{formatScore(t.score)}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
          {c.description && (
            <Card title="Description">
              <p className="text-sm whitespace-pre-line text-slate-700">{c.description}</p>
            </Card>
          )}
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Coverage">{gap ? <CoverageBar gap={gap} /> : <p className="text-sm text-slate-600">{gaps.isLoading ? "Loading…" : "—"}</p>}</Card>
          <Card title={`Unknown ids (${c.unresolved.length})`} description="Mapped ids the catalog does not know, left out of the analysis">
            {c.unresolved.length === 0 ? (
              <p className="text-sm text-slate-600">None.</p>
            ) : (
              <ul className="flex flex-wrap gap-1.5">
                {c.unresolved.map((t) => (
                  <li key={t.technique_id} className="rounded bg-orange-50 px-1.5 py-0.5 font-mono text-xs text-orange-800">
                    {t.technique_id}
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
