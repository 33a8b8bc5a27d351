import { useMemo, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { fieldErrors } from "@/api/client";
import { RECURRENCE_LABELS, RECURRENCES, type FromActorResult, type Recurrence } from "@/api/campaigns";
import { Button, Card, Checkbox, ErrorState, Field, Input, LoadingState, Select, useToast } from "@/components/ui";
import { plural } from "@/lib/format";
import { PLATFORMS } from "@/lib/labels";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { useCreateFromActor } from "../api/campaigns";
import { actorDetailQuery, actorMatrixQuery, actorSearchQuery, useTemplateChecks } from "../api/preview";
import { actorTechniques, buildPreview } from "../model/preview";
import { ActorPreview } from "./ActorPreview";

/** What the server created, in its own counts. */
export function resultSummary(r: Pick<FromActorResult, "tests" | "from_template" | "skipped_validated">): string {
  const skipped = r.skipped_validated > 0 ? `, ${plural(r.skipped_validated, "validated technique")} skipped` : "";
  return `${plural(r.tests, "test")} created, ${r.from_template} from a template and ${r.tests - r.from_template} without${skipped}.`;
}

/**
 * A campaign from a threat actor: the actor, platforms, sub-techniques, only gaps and
 * recurrence, previewed technique by technique before `POST /campaigns/from-threat-actor`, then
 * the server's counts.
 */
export function FromActorForm({ initialActor = "" }: { initialActor?: string }) {
  const [search, setSearch] = useState(initialActor);
  const [actorId, setActorId] = useState(initialActor.toUpperCase());
  const [name, setName] = useState("");
  const [platforms, setPlatforms] = useState<string[]>([]);
  const [includeSub, setIncludeSub] = useState(true);
  const [onlyGaps, setOnlyGaps] = useState(false);
  const [recurrence, setRecurrence] = useState<Recurrence>("none");
  const [result, setResult] = useState<FromActorResult | null>(null);
  const q = useDebouncedValue(search.trim(), 300);
  const actors = useQuery(actorSearchQuery(q));
  const actor = useQuery(actorDetailQuery(actorId));
  const matrix = useQuery(actorMatrixQuery(actorId));
  const create = useCreateFromActor();
  const errors = fieldErrors(create.error);
  const toast = useToast();

  const techniques = useMemo(
    () => (actor.data && matrix.data ? actorTechniques(actor.data, matrix.data) : null),
    [actor.data, matrix.data],
  );
  const options = { platforms, includeSubtechniques: includeSub, onlyGaps };
  const unchecked = techniques ? buildPreview(techniques.current, options, {}) : null;
  const keptIds = unchecked ? unchecked.rows.filter((r) => !r.leftOut).map((r) => r.technique.attack_id) : [];
  const templates = useTemplateChecks(keptIds);
  const preview = techniques ? buildPreview(techniques.current, options, templates) : null;

  const choices = actors.data?.items ?? [];
  const chosenListed = choices.some((a) => a.attack_id === actorId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!actorId) return;
    create.mutate(
      {
        threat_actor_id: actorId,
        name: name.trim() || null,
        platforms,
        include_subtechniques: includeSub,
        only_gaps: onlyGaps,
        recurrence,
      },
      {
        onSuccess: (r) => {
          setResult(r);
          toast.success(`Created “${r.campaign.name}”`);
        },
      },
    );
  };

  if (result) {
    return (
      <div className="flex flex-col gap-3" role="status" data-testid="from-actor-result">
        <p className="text-base font-semibold text-slate-900">Created “{result.campaign.name}”</p>
        <p className="text-sm text-slate-700">{resultSummary(result)}</p>
        <p className="text-sm text-slate-700">
          {plural(result.campaign.phases.length, "phase")}, one per tactic in kill-chain order. Every test is a draft until the campaign starts.
        </p>
        <div className="flex gap-2">
          <Link to={`/campaigns/${result.campaign.id}`} className="font-medium text-indigo-700 underline">
            Open the campaign
          </Link>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label="New campaign from a threat actor">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <Field id="actor-search" label="Find a threat actor" hint="By ATT&CK id, name or alias.">
          <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="APT29 or G0016" />
        </Field>
        <Field id="actor-choice" label="Threat actor" required error={errors.threat_actor_id}>
          <Select value={actorId} onChange={(e) => setActorId(e.target.value)} aria-busy={actors.isFetching || undefined}>
            <option value="">{actors.isLoading ? "Loading threat actors…" : `Choose among ${choices.length} shown…`}</option>
            {actorId && !chosenListed && <option value={actorId}>{actor.data ? `${actor.data.name} (${actorId})` : actorId}</option>}
            {choices.map((a) => (
              <option key={a.attack_id} value={a.attack_id}>
                {a.name} ({a.attack_id}, {plural(a.technique_count, "technique")})
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field id="from-actor-name" label="Campaign name" error={errors.name} hint={actor.data ? `Default: “Emulate ${actor.data.name} (${actor.data.attack_id})”.` : "Default: “Emulate <actor> (<id>)”."}>
        <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Platforms</legend>
        <p className="text-xs text-slate-500">Only techniques that run on one of these; none chosen: every platform.</p>
        <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-5">
          {PLATFORMS.map((p) => (
            <Checkbox
              key={p}
              id={`platform-${p.replace(/\W+/g, "-")}`}
              label={p}
              checked={platforms.includes(p)}
              onChange={(e) => setPlatforms((xs) => (e.target.checked ? [...xs, p] : xs.filter((x) => x !== p)))}
            />
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Checkbox id="include-sub" label="Include sub-techniques" checked={includeSub} onChange={(e) => setIncludeSub(e.target.checked)} />
        <Checkbox
          id="only-gaps"
          label="Only gaps"
          description="Skip techniques already validated."
          checked={onlyGaps}
          onChange={(e) => setOnlyGaps(e.target.checked)}
        />
        <Field id="from-actor-recurrence" label="Recurrence" error={errors.recurrence}>
          <Select value={recurrence} onChange={(e) => setRecurrence(e.target.value as Recurrence)}>
            {RECURRENCES.map((r) => (
              <option key={r} value={r}>
                {RECURRENCE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {actorId && (
        <Card title="Preview" description="What the campaign will hold, from the actor's techniques in the catalog now. The server decides when it is created.">
          {(actor.isLoading || matrix.isLoading) && <LoadingState label="Reading the actor's techniques…" />}
          {actor.isError && <ErrorState error={actor.error} onRetry={() => void actor.refetch()} />}
          {matrix.isError && <ErrorState error={matrix.error} onRetry={() => void matrix.refetch()} />}
          {preview && techniques && <ActorPreview preview={preview} notCurrent={techniques.notCurrent} />}
        </Card>
      )}
      <div className="flex justify-end">
        <Button type="submit" loading={create.isPending} disabled={!actorId || (preview !== null && preview.tests === 0)}>
          Create campaign from threat actor
        </Button>
      </div>
    </form>
  );
}
