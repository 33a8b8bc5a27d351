import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { ScanSearch } from "lucide-react";
import { intelChangesQuery, useFollowedIntelScan, useIntelScan } from "@/api/intel";
import type { ActorChange, TechniqueChange } from "@/api/types";
import { can } from "@/auth/permissions";
import { useCurrentUser } from "@/auth/session";
import { Badge, Card, Checkbox, CoverageBadge, EmptyState, ErrorState, LoadingState } from "@/components/ui";
import { formatDateTime, timeAgo } from "@/lib/format";
import { describeActorChange, describeReleases, orderActors, orderTechniques, summarize, unchangedTracked } from "@/lib/intel";
import { JobRunButton, type JobRunTexts } from "./JobRunButton";

function Techniques({ label, techniques }: { label: string; techniques: readonly TechniqueChange[] }) {
  return (
    <ul aria-label={label} className="flex flex-col gap-1">
      {orderTechniques(techniques).map((t) => (
        <li key={t.technique} data-technique={t.technique} className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <Link to={`/techniques/${encodeURIComponent(t.technique)}`} className="min-w-0 hover:underline">
            <span className="font-mono text-xs font-semibold text-indigo-700">{t.technique}</span> {t.name ?? <span className="text-slate-500">(not in the catalog)</span>}
          </Link>
          <CoverageBadge status={t.status} />
        </li>
      ))}
    </ul>
  );
}

function ActorChanges({ actor }: { actor: ActorChange }) {
  return (
    <li data-actor={actor.actor} className="px-5 py-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="flex flex-wrap items-center gap-2">
          <Link to={`/threat-actors/${encodeURIComponent(actor.actor)}`} className="font-semibold text-slate-900 hover:underline">
            <span className="mr-1.5 font-mono text-xs text-indigo-700">{actor.actor}</span>
            {actor.name}
          </Link>
          {actor.tracked && <Badge tone="violet">Tracked</Badge>}
        </p>
        <p className="text-xs text-slate-600">
          {describeActorChange(actor)}
          {actor.uncovered_gains > 0 && (
            <Badge tone="rose" className="ml-2">
              {actor.uncovered_gains} not validated
            </Badge>
          )}
        </p>
      </div>
      <div className="mt-3 grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div>
          <p className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Gained ({actor.gained.length})</p>
          {actor.gained.length ? <Techniques label={`Techniques ${actor.name} gained`} techniques={actor.gained} /> : <p className="text-xs text-slate-500">None</p>}
        </div>
        <div>
          <p className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Lost ({actor.lost.length})</p>
          {actor.lost.length ? <Techniques label={`Techniques ${actor.name} lost`} techniques={actor.lost} /> : <p className="text-xs text-slate-500">None</p>}
        </div>
      </div>
    </li>
  );
}

const SCAN_TEXTS: JobRunTexts = {
  label: "Scan now",
  running: "Scanning…",
  succeeded: (at) => `Scanned ${at}`,
  failed: "The scan failed",
  unknown: "The scan has not reported back yet; reload later.",
  toast: {
    started: "Intel scan started",
    succeeded: "Intel scan finished: the changes are up to date",
    failed: "The intel scan failed",
    failedDetail: "The job reported a failure.",
  },
};

/** Admin's "Scan now": the intel scan run now on the catalog's release, followed until it reports. */
function ScanNowButton() {
  const start = useIntelScan();
  const [runId, setRunId] = useState<string | null>(null);
  const run = useFollowedIntelScan(runId);
  return (
    <JobRunButton
      start={start}
      run={run}
      onStarted={setRunId}
      texts={SCAN_TEXTS}
      statusTestId="intel-scan-status"
      icon={<ScanSearch className="size-4" aria-hidden />}
      size="sm"
      variant="secondary"
    />
  );
}

/**
 * "What changed for our actors": the techniques each threat actor gained and lost in the latest
 * ATT&CK release the intel scan saw (it runs after every sync), with our coverage of each. Every
 * role reads it; only an admin is offered "Scan now". With `trackedOnly` the card follows the
 * screen's own tracked-only filter instead of showing one.
 */
export function IntelChangesCard({ trackedOnly: followed, className }: { trackedOnly?: boolean; className?: string }) {
  const user = useCurrentUser();
  const scans = can.runIntelScan(user.role);
  const [own, setOwn] = useState(false);
  const trackedOnly = followed ?? own;
  const q = useQuery(intelChangesQuery(trackedOnly));
  const c = q.data;
  const releases = c ? describeReleases(c) : null;
  const actors = c ? orderActors(c.actors) : [];
  const quiet = c ? unchangedTracked(c) : [];

  return (
    <Card
      id="intel"
      title="What changed for our actors"
      description={
        releases && c?.scanned_at ? (
          <>
            <span data-testid="intel-releases">{releases}</span> · scanned <span title={formatDateTime(c.scanned_at)}>{timeAgo(c.scanned_at)}</span>
          </>
        ) : (
          "The techniques each threat actor gained and lost in the latest ATT&CK release, found by the intel scan after every sync."
        )
      }
      actions={
        <>
          {followed === undefined && <Checkbox id="intel-tracked-only" label="Tracked only" checked={own} onChange={(e) => setOwn(e.target.checked)} />}
          {scans && <ScanNowButton />}
        </>
      }
      className={className}
      bodyClassName="p-0"
    >
      {q.isLoading && <LoadingState />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {c && !releases && (
        <EmptyState
          title="No intel scan yet"
          description={scans ? "It runs after the next MITRE sync; “Scan now” runs it on the catalog's release." : "It runs after the next MITRE sync."}
        />
      )}
      {c && releases && (
        <>
          {actors.length > 0 && <p className="border-b border-slate-100 px-5 py-2.5 text-sm text-slate-700">{summarize(actors)}.</p>}
          {actors.length === 0 && (
            <EmptyState
              title={!c.from_release ? "Baseline recorded" : trackedOnly ? "Nothing changed for tracked actors" : "Nothing changed for any threat actor"}
              description={
                !c.from_release
                  ? "This is the first release scanned: what actors gain and lose shows after the next one."
                  : c.tracked.length === 0
                    ? "No actor is tracked yet: leads track actors on their pages."
                    : undefined
              }
            />
          )}
          {actors.length > 0 && (
            <ul aria-label="Threat actors changed by the release" className="divide-y divide-slate-100">
              {actors.map((a) => (
                <ActorChanges key={a.actor} actor={a} />
              ))}
            </ul>
          )}
          {quiet.length > 0 && (
            <p className="border-t border-slate-100 bg-slate-50 px-5 py-2.5 text-xs text-slate-600">
              Tracked, unchanged by this release:{" "}
              {quiet.map((id, i) => (
                <span key={id}>
                  {i > 0 && ", "}
                  <Link to={`/threat-actors/${encodeURIComponent(id)}`} className="font-mono text-indigo-700 hover:underline">
                    {id}
                  </Link>
                </span>
              ))}
            </p>
          )}
        </>
      )}
    </Card>
  );
}
