import { Link } from "react-router";
import { CoverageBadge, Spinner, Table, Td, Th } from "@/components/ui";
import { plural } from "@/lib/format";
import { LEFT_OUT_LABELS, type Preview } from "../model/preview";

/** The summary of a preview in words: what the server is expected to create. */
export function previewSummary(p: Preview): string {
  if (p.tests === 0) return "No test would be created: no current technique of this actor passes the filters.";
  const templates =
    p.pending > 0
      ? `templates being checked (${p.withTemplate} found so far)`
      : `${p.withTemplate} from an active template, ${p.tests - p.withTemplate} as a bare test on the technique`;
  const skipped = p.skippedValidated > 0 ? `; ${plural(p.skippedValidated, "validated technique")} skipped` : "";
  return `${plural(p.tests, "test")} in ${plural(p.phases.length, "phase")}: ${templates}${skipped}.`;
}

/** Per technique: the phase it lands in, its coverage, whether an active template exists, or why it is left out. */
export function ActorPreview({ preview, notCurrent }: { preview: Preview; notCurrent: readonly string[] }) {
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm font-medium text-slate-800" aria-live="polite" data-testid="preview-summary">
        {previewSummary(preview)}
      </p>
      {preview.phases.length > 0 && (
        <p className="text-xs text-slate-600">
          Phases in kill-chain order: {preview.phases.map((ph) => `${ph.name} (${ph.tests})`).join(", ")}.
        </p>
      )}
      {notCurrent.length > 0 && (
        <p className="text-xs text-slate-600">
          {plural(notCurrent.length, "technique")} the actor is mapped to {notCurrent.length === 1 ? "is" : "are"} no longer current in the catalog and left out:{" "}
          <span className="font-mono">{notCurrent.join(", ")}</span>.
        </p>
      )}
      <Table caption="Techniques of the threat actor and what the campaign makes of each">
        <thead>
          <tr>
            <Th>Technique</Th>
            <Th>Phase</Th>
            <Th>Coverage now</Th>
            <Th>Test</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {preview.rows.map(({ technique: t, leftOut, template }) => (
            <tr key={t.attack_id} className={leftOut ? "text-slate-500" : undefined}>
              <Td>
                <Link to={`/techniques/${t.attack_id}`} className="font-mono text-xs text-indigo-700 hover:underline">
                  {t.attack_id}
                </Link>{" "}
                {t.name}
              </Td>
              <Td className="text-xs">{t.tactic}</Td>
              <Td>
                <CoverageBadge status={t.status} />
              </Td>
              <Td className="text-xs">
                {leftOut ? (
                  LEFT_OUT_LABELS[leftOut]
                ) : template === undefined ? (
                  <span className="inline-flex items-center gap-1">
                    <Spinner className="size-3" /> Checking templates…
                  </span>
                ) : template ? (
                  "From an active template"
                ) : (
                  "No active template: a bare test"
                )}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
