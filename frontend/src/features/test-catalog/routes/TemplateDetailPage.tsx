import { useState, type ReactNode } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { ExternalLink, Flag, FlaskConical, Pencil, Power, PowerOff, Trash2 } from "lucide-react";
import { TEMPLATE_SOURCE_LABELS } from "@/api/content";
import { useTacticName } from "@/api/tactics";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { AddToCampaignDialog } from "@/components/campaigns/AddToCampaignDialog";
import { Markdown } from "@/components/Markdown";
import { Button, Card, ErrorState, LoadingState, PageHeader, Table, Td, Th, useConfirm, useToast } from "@/components/ui";
import { formatDateTime, plural } from "@/lib/format";
import { templateQuery, useDeleteTemplate, useUpdateTemplate } from "../api/templates";
import { CodeBlock } from "../components/CodeBlock";
import { CreateTestDialog } from "../components/CreateTestDialog";
import { executorLabel, platformLabel } from "../components/labels";
import { TemplateBadges } from "../components/TemplateBadges";
import { TemplateFormDialog } from "../components/TemplateFormDialog";

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-800">{children}</dd>
    </div>
  );
}

export default function TemplateDetailPage() {
  const { templateId = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const toast = useToast();
  const confirm = useConfirm();
  const tacticName = useTacticName();
  const q = useQuery(templateQuery(templateId));
  const update = useUpdateTemplate(templateId);
  const remove = useDeleteTemplate();
  const [dialog, setDialog] = useState<"test" | "edit" | "campaign" | null>(null);
  // Back to the catalog as it was filtered (the list's links carry its search parameters).
  const catalog = `/test-catalog${location.search}`;

  if (q.isLoading) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const t = q.data!;
  const editable = can.editTemplate(user.role, t);

  const setActive = (active: boolean) =>
    update.mutate({ active }, { onSuccess: () => toast.success(`“${t.name}” ${active ? "activated" : "deactivated"}`) });

  const deleteTemplate = async () => {
    const ok = await confirm({
      title: `Delete “${t.name}”?`,
      consequence: t.tests_count
        ? `${plural(t.tests_count, "test")} started from it: the server keeps a template tests refer to.`
        : "The template is removed from the catalog. This cannot be undone.",
      confirmLabel: "Delete template",
      tone: "danger",
    });
    if (!ok) return;
    remove.mutate(t.id, {
      onSuccess: () => {
        toast.success(`Template “${t.name}” deleted`);
        navigate(catalog);
      },
    });
  };

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Test Catalog", to: catalog }, { label: t.name }]}
        title={t.name}
        badge={<TemplateBadges template={t} />}
        actions={
          <>
            {can.activateTemplates(user.role) &&
              (t.active ? (
                <Button variant="secondary" icon={<PowerOff className="size-4" aria-hidden />} loading={update.isPending} onClick={() => setActive(false)}>
                  Deactivate
                </Button>
              ) : (
                <Button variant="secondary" icon={<Power className="size-4" aria-hidden />} loading={update.isPending} onClick={() => setActive(true)}>
                  Activate
                </Button>
              ))}
            {editable && (
              <>
                <Button variant="secondary" icon={<Pencil className="size-4" aria-hidden />} onClick={() => setDialog("edit")}>
                  Edit
                </Button>
                <Button variant="danger" icon={<Trash2 className="size-4" aria-hidden />} loading={remove.isPending} onClick={() => void deleteTemplate()}>
                  Delete
                </Button>
              </>
            )}
            {can.createTest(user.role) && (
              <Button
                icon={<FlaskConical className="size-4" aria-hidden />}
                disabled={!t.active}
                title={t.active ? undefined : "Only an active template is offered for new tests"}
                onClick={() => setDialog("test")}
              >
                Create test from template
              </Button>
            )}
            {can.manageCampaigns(user.role) && (
              <Button
                variant="secondary"
                icon={<Flag className="size-4" aria-hidden />}
                disabled={!t.active}
                title={t.active ? undefined : "Only an active template is offered for new tests"}
                onClick={() => setDialog("campaign")}
              >
                Add to campaign
              </Button>
            )}
          </>
        }
      />
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div className="flex flex-col gap-6 xl:col-span-2">
          {(t.retired || t.unknown_techniques.length > 0) && (
            <div role="note" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
              {t.retired && <p>Retired: {TEMPLATE_SOURCE_LABELS[t.source] ?? t.source} no longer has this template. It stays for the tests that refer to it.</p>}
              {t.unknown_techniques.length > 0 && (
                <p>
                  Flagged: the ATT&CK catalog does not know {t.unknown_techniques.join(", ")} (a newer ATT&CK release, or a typo upstream).
                </p>
              )}
            </div>
          )}
          <Card title="Description">
            <Markdown text={t.description} label="References of the description" />
          </Card>
          <Card title="Command" description={t.arguments.length ? "Arguments appear as #{name}" : undefined}>
            <CodeBlock code={t.command} label="Command" empty="No command: a manual procedure." />
          </Card>
          <Card title="Cleanup">
            <CodeBlock code={t.cleanup} label="Cleanup" empty="No cleanup." />
          </Card>
          <Card title={`Arguments (${t.arguments.length})`} bodyClassName="p-0">
            {t.arguments.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-500">None.</p>
            ) : (
              <Table caption="Arguments">
                <thead>
                  <tr>
                    <Th>Name</Th>
                    <Th>Type</Th>
                    <Th>Default</Th>
                    <Th>Description</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {t.arguments.map((a) => (
                    <tr key={a.name}>
                      <Td className="font-mono text-xs">{a.name}</Td>
                      <Td className="text-xs">{a.type ?? "—"}</Td>
                      <Td className="max-w-64 font-mono text-xs break-all">{a.default ?? "—"}</Td>
                      <Td className="text-xs">{a.description ?? "—"}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Details">
            <dl className="flex flex-col gap-4">
              <Meta label="Source">
                {TEMPLATE_SOURCE_LABELS[t.source] ?? t.source}
                <span className="block font-mono text-xs text-slate-500">{t.source_id}</span>
              </Meta>
              <Meta label="Techniques">
                <span className="flex flex-wrap gap-2">
                  {t.technique_ids.map((id) => (
                    <Link key={id} to={`/techniques/${id}`} className="font-mono text-xs font-semibold text-indigo-700 hover:underline">
                      {id}
                    </Link>
                  ))}
                </span>
              </Meta>
              <Meta label="Tactics">{t.tactics.map(tacticName).join(", ") || "—"}</Meta>
              <Meta label="Platforms">{t.platforms.map(platformLabel).join(", ") || "—"}</Meta>
              <Meta label="Executor">{executorLabel(t.executor)}</Meta>
              <Meta label="Privileges">
                {t.privileges ?? "—"}
                {t.elevation_required ? " (elevation required)" : ""}
              </Meta>
              <Meta label="Tests started from it">{t.tests_count}</Meta>
              {t.upstream_path && (
                <Meta label="Upstream file">
                  <span className="font-mono text-xs">{t.upstream_path}</span>
                </Meta>
              )}
              <Meta label="Content hash">
                <span className="font-mono text-xs" title={t.content_hash}>
                  {t.content_hash.slice(0, 16)}…
                </span>
              </Meta>
              <Meta label="Updated">
                {formatDateTime(t.updated_at)}
                {t.updated_by ? ` by ${t.updated_by}` : ""}
              </Meta>
            </dl>
          </Card>
          <Card title={`References (${t.references.length})`}>
            {t.references.length === 0 ? (
              <p className="text-sm text-slate-500">None.</p>
            ) : (
              <ul className="flex flex-col gap-1.5 text-sm">
                {t.references.map((r) => (
                  <li key={r} className="break-all">
                    {/^https?:\/\//.test(r) ? (
                      <a href={r} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 text-indigo-700 hover:underline">
                        {r} <ExternalLink className="size-3 shrink-0" aria-hidden />
                      </a>
                    ) : (
                      r
                    )}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
      {dialog === "test" && <CreateTestDialog template={t} onClose={() => setDialog(null)} />}
      {dialog === "campaign" && <AddToCampaignDialog candidate={{ template_id: t.id }} label={t.name} onClose={() => setDialog(null)} />}
      {dialog === "edit" && <TemplateFormDialog template={t} onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />}
    </>
  );
}
