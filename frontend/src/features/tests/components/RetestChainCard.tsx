import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import type { Test } from "@/api/types";
import { Card, ErrorState, LoadingState, StateBadge } from "@/components/ui";
import { formatDate } from "@/lib/format";
import { retestChainQuery } from "../api/remediation";

/** The original test and its automatic retests, with the one on screen marked. */
export function RetestChainCard({ test }: { test: Pick<Test, "id" | "retest_of" | "retests"> }) {
  const inChain = Boolean(test.retest_of) || test.retests.length > 0;
  const q = useQuery(retestChainQuery(test.id, inChain));
  if (!inChain) return null;
  const chain = q.data ? [q.data.original, ...q.data.retests] : [];
  return (
    <Card title="Retest chain" description="The original test and the retests created after its remediation" bodyClassName="p-0">
      {q.isLoading && <LoadingState />}
      {q.isError && <ErrorState error={q.error} onRetry={() => void q.refetch()} />}
      {chain.length > 0 && (
        <ol className="divide-y divide-slate-100" aria-label="Retest chain">
          {chain.map((t, i) => {
            const current = t.id === test.id;
            const label = i === 0 ? "Original" : `Retest ${i}`;
            return (
              <li key={t.id} className={current ? "bg-indigo-50/60 px-5 py-3" : "px-5 py-3"} aria-current={current ? "page" : undefined}>
                <div className="flex items-center justify-between gap-2">
                  <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</p>
                  <StateBadge state={t.state} />
                </div>
                {current ? (
                  <p className="mt-1 text-sm font-medium text-slate-800">{t.title} (this test)</p>
                ) : (
                  <Link to={`/tests/${t.id}`} className="mt-1 block text-sm font-medium text-indigo-700 hover:underline">
                    {t.title}
                  </Link>
                )}
                <p className="text-xs text-slate-500">Created {formatDate(t.created_at)}</p>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
