import { useState } from "react";
import { Link } from "react-router";
import type { TechniqueCountermeasure } from "@/api/defense";
import { DeploymentDialog } from "@/components/DeploymentDialog";
import { Badge, Button, Card } from "@/components/ui";
import { formatPercent } from "@/lib/format";

/**
 * The D3FEND countermeasures that counter a technique, deployed or not, and the share deployed
 * (the D3FEND score component). Leads and admin change a deployment here.
 */
export function TechniqueCountermeasures({
  attackId,
  countermeasures,
  deployedPct,
  mayDeploy,
}: {
  attackId: string;
  countermeasures: readonly TechniqueCountermeasure[];
  deployedPct: number | null | undefined;
  mayDeploy: boolean;
}) {
  const [editing, setEditing] = useState<TechniqueCountermeasure | null>(null);
  const deployed = countermeasures.filter((c) => c.deployed).length;
  return (
    <Card
      id="d3fend"
      title={`D3FEND countermeasures (${countermeasures.length})`}
      description={
        deployedPct === null || deployedPct === undefined
          ? "D3FEND names no countermeasure: the D3FEND score component does not apply"
          : `${deployed} of ${countermeasures.length} deployed (${formatPercent(deployedPct)}): the D3FEND score component`
      }
      actions={
        countermeasures.length > 0 && (
          <Link to={`/d3fend?attack_id=${encodeURIComponent(attackId)}`} className="text-sm font-medium text-indigo-700 hover:underline">
            On the D3FEND screen
          </Link>
        )
      }
      bodyClassName="p-0"
    >
      {countermeasures.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">No countermeasure is known for this technique (or D3FEND is not synced).</p>
      ) : (
        <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto" aria-label="Countermeasures">
          {countermeasures.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-5 py-2 text-sm" data-d3fend-id={c.id}>
              <span className="min-w-0">
                <Link to={`/d3fend/${encodeURIComponent(c.id)}`} className="font-medium text-indigo-700 hover:underline">
                  {c.name}
                </Link>
                <span className="block text-xs text-slate-500">
                  {c.tactic ? `${c.tactic} · ` : ""}through {c.artifacts.join(", ")}
                </span>
              </span>
              <span className="flex items-center gap-2">
                {c.deployed ? <Badge tone="emerald">Deployed</Badge> : <Badge tone="slate">Not deployed</Badge>}
                {mayDeploy && (
                  <Button size="sm" variant="ghost" onClick={() => setEditing(c)} aria-label={`Change the deployment of ${c.name}`}>
                    Change
                  </Button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {editing && <DeploymentDialog countermeasure={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
