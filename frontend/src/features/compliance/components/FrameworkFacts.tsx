import type { Framework } from "@/api/defense";
import { formatDateTime, plural } from "@/lib/format";

/**
 * What a framework holds and where it came from, with the mappings moved from revoked techniques
 * (`T1574.002 → T1574.001`) and the ids the catalog does not know, which the analysis leaves out.
 */
export function FrameworkFacts({ framework: f }: { framework: Framework }) {
  const repointed = f.repointed ?? [];
  const unresolved = f.unresolved ?? [];
  return (
    <div className="flex flex-col gap-3 text-sm">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">Controls</dt>
          <dd className="font-medium text-slate-900 tabular-nums">{f.controls}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Mappings</dt>
          <dd className="font-medium text-slate-900 tabular-nums">{f.mappings}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Written for ATT&CK</dt>
          <dd className="font-medium text-slate-900">{f.attack_version ?? "not said"}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Imported</dt>
          <dd className="text-slate-800">
            {formatDateTime(f.imported_at)}
            {f.imported_by ? ` by ${f.imported_by}` : f.source ? ` from the ${f.source} data source` : ""}
          </dd>
        </div>
      </dl>
      <div data-testid="framework-repointed">
        <p className="text-xs font-medium text-slate-700">
          {repointed.length ? `${plural(repointed.length, "mapping")} re-pointed from revoked techniques:` : "No mapping needed re-pointing."}
        </p>
        {repointed.length > 0 && (
          <ul className="mt-1 flex flex-wrap gap-1.5" aria-label="Re-pointed mappings">
            {repointed.map(([from, to]) => (
              <li key={`${from}-${to}`} className="rounded bg-sky-50 px-1.5 py-0.5 font-mono text-xs text-sky-800">
                {from} → {to}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div data-testid="framework-unresolved">
        <p className="text-xs font-medium text-slate-700">
          {unresolved.length ? `${plural(unresolved.length, "id")} the catalog does not know (left out of the analysis):` : "Every mapped id is known to the catalog."}
        </p>
        {unresolved.length > 0 && (
          <ul className="mt-1 flex flex-wrap gap-1.5" aria-label="Unresolved technique ids">
            {unresolved.map((id) => (
              <li key={id} className="rounded bg-orange-50 px-1.5 py-0.5 font-mono text-xs text-orange-800">
                {id}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
