import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, fieldErrors } from "@/api/client";
import { dependencyError, type AddCampaignTest, type CampaignDetail } from "@/api/campaigns";
import type { TemplatePage } from "@/api/content";
import type { Page, Test } from "@/api/types";
import { DependsOnPicker } from "@/components/campaigns/DependsOnPicker";
import { Button, Dialog, Field, Input, RadioGroup, Select, useToast } from "@/components/ui";
import { STATE_LABELS } from "@/lib/labels";
import { useAddToCampaign } from "../api/campaigns";

type Kind = "existing" | "template" | "technique";
const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;

/**
 * Adds a test to the campaign: an existing test of a technique, a new draft from one of its
 * active templates, or a bare draft on the technique; in a phase, after the campaign's tests
 * it depends on.
 */
export function AddCampaignTestDialog({ campaign, onClose }: { campaign: CampaignDetail; onClose: () => void }) {
  const [technique, setTechnique] = useState("");
  const [kind, setKind] = useState<Kind | null>(null);
  const [testId, setTestId] = useState("");
  const [templateId, setTemplateId] = useState("");
  const [title, setTitle] = useState("");
  const [phaseId, setPhaseId] = useState(campaign.phases[0]?.id ?? "");
  const [dependsOn, setDependsOn] = useState<string[]>([]);
  const add = useAddToCampaign();
  const errors = fieldErrors(add.error);
  const toast = useToast();
  const id = technique.trim().toUpperCase();
  const valid = TECHNIQUE.test(id);

  const inCampaign = new Set(campaign.test_states.map((t) => t.test_id));
  const tests = useQuery({
    queryKey: ["tests", "list", { technique: id }, "for-campaign"],
    queryFn: ({ signal }) => api<Page<Test>>("/api/v1/tests", { query: { technique: id, limit: 100 }, signal }),
    enabled: valid && kind === "existing",
    select: (p) => p.items.filter((t) => !inCampaign.has(t.id) && !t.campaign_id),
  });
  const templates = useQuery({
    queryKey: ["test-templates", "list", { technique: id, active: "true" }, "for-campaign"],
    queryFn: ({ signal }) => api<TemplatePage>("/api/v1/test-templates", { query: { technique: id, active: "true", limit: 100 }, signal }),
    enabled: valid && kind === "template",
  });

  const ready = valid && kind !== null && (kind !== "existing" || testId !== "") && (kind !== "template" || templateId !== "") && (kind !== "technique" || title.trim() !== "");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const body: AddCampaignTest = { phase_id: phaseId || null, depends_on: dependsOn };
    if (kind === "existing") body.test_id = testId;
    if (kind === "template") body.template_id = templateId;
    if (kind === "technique") {
      body.technique_id = id;
      body.title = title.trim();
    }
    add.mutate(
      { campaignId: campaign.id, body },
      {
        onSuccess: () => {
          toast.success(`Added a test on ${id} to the campaign`);
          onClose();
        },
      },
    );
  };

  return (
    <Dialog open onClose={onClose} size="lg" title="Add a test" description="An existing test, a new one from a template, or a new one on a technique.">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="Add a test to the campaign">
        <Field id="add-technique" label="Technique" required error={(technique && !valid ? "An ATT&CK id such as T1059 or T1059.001" : undefined) ?? errors.technique_id}>
          <Input value={technique} onChange={(e) => setTechnique(e.target.value)} placeholder="T1059.001" spellCheck={false} className="font-mono" />
        </Field>
        <RadioGroup<Kind>
          name="add-kind"
          legend="The test"
          value={kind}
          onChange={setKind}
          options={[
            { value: "existing", label: "An existing test of the technique (not in a campaign)" },
            { value: "template", label: "A new draft from an active template" },
            { value: "technique", label: "A new bare draft on the technique" },
          ]}
        />
        {kind === "existing" && valid && (
          <Field id="add-test" label="Test" required error={errors.test_id}>
            <Select value={testId} onChange={(e) => setTestId(e.target.value)} aria-busy={tests.isFetching || undefined}>
              <option value="">{tests.isLoading ? "Loading tests…" : `Choose among ${tests.data?.length ?? 0}…`}</option>
              {tests.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title} ({STATE_LABELS[t.state]})
                </option>
              ))}
            </Select>
          </Field>
        )}
        {kind === "template" && valid && (
          <Field id="add-template" label="Template" required error={errors.template_id}>
            <Select value={templateId} onChange={(e) => setTemplateId(e.target.value)} aria-busy={templates.isFetching || undefined}>
              <option value="">{templates.isLoading ? "Loading templates…" : `Choose among ${templates.data?.items.length ?? 0}…`}</option>
              {templates.data?.items.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.technique_ids.join(", ")})
                </option>
              ))}
            </Select>
          </Field>
        )}
        {kind === "technique" && (
          <Field id="add-title" label="Title" required error={errors.title}>
            <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          </Field>
        )}
        <Field id="add-phase" label="Phase" error={errors.phase_id}>
          <Select value={phaseId} onChange={(e) => setPhaseId(e.target.value)}>
            {campaign.phases.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <DependsOnPicker id="add-depends" tests={campaign.test_states} value={dependsOn} onChange={setDependsOn} error={dependencyError(add.error)} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending} disabled={!ready}>
            Add test
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
