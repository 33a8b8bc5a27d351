import { Link } from "react-router";
import type { Test } from "@/api/types";
import { SeverityBadge, StateBadge, Table, Td, Th } from "@/components/ui";
import { timeAgo } from "@/lib/format";

export function TestsTable({ tests, caption }: { tests: Test[]; caption: string }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Test</Th>
          <Th>Technique</Th>
          <Th>State</Th>
          <Th>Severity</Th>
          <Th>Platform</Th>
          <Th>Red / Blue</Th>
          <Th>Updated</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 bg-white">
        {tests.map((t) => (
          <tr key={t.id} className="hover:bg-slate-50">
            <Td className="max-w-xs">
              <Link to={`/tests/${t.id}`} className="block truncate font-medium text-indigo-700 hover:underline">
                {t.title}
              </Link>
              <span className="text-xs text-slate-400">
                by {t.created_by}
                {t.round > 1 && ` · round ${t.round}`}
                {t.retest_of && " · retest"}
              </span>
            </Td>
            <Td className="max-w-xs">
              <Link to={`/techniques/${t.technique_id}`} className="font-mono text-xs text-slate-600 hover:text-indigo-700 hover:underline">
                {t.technique_id}
              </Link>
              <span className="block truncate text-xs text-slate-500">{t.technique_name}</span>
            </Td>
            <Td>
              <StateBadge state={t.state} />
            </Td>
            <Td>
              <SeverityBadge severity={t.severity} />
            </Td>
            <Td className="text-xs text-slate-600">{t.platform ?? "—"}</Td>
            <Td className="text-xs text-slate-600">
              {t.assigned_red ?? "—"} / {t.assigned_blue ?? "—"}
            </Td>
            <Td className="text-xs whitespace-nowrap text-slate-500" title={t.updated_at}>
              {timeAgo(t.updated_at)}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
