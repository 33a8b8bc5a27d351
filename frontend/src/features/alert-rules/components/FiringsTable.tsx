import { Link } from "react-router";
import type { AlertEvent } from "@/api/types";
import { Table, Td, Th } from "@/components/ui";
import { formatDateTime, plural, timeAgo } from "@/lib/format";
import { MatchedList } from "./MatchedList";
import { AlertSeverityBadge } from "./RuleBits";
import { readableAlertSummary } from "@/lib/alertText";

/** Firings, newest first: when, (which rule), how severe, what held and matched, how many were told. */
export function FiringsTable({ events, caption, showRule = false }: { events: readonly AlertEvent[]; caption: string; showRule?: boolean }) {
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>Fired</Th>
          {showRule && <Th>Rule</Th>}
          <Th>Severity</Th>
          <Th>What held</Th>
          <Th>What matched</Th>
          <Th>Notified</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {events.map((e) => (
          <tr key={e.id} data-event={e.id} className="align-top">
            <Td className="text-xs whitespace-nowrap">
              <span title={formatDateTime(e.fired_at)}>{timeAgo(e.fired_at)}</span>
              <p className="text-slate-500">{formatDateTime(e.fired_at)}</p>
            </Td>
            {showRule && (
              <Td>
                <Link to={`/alert-rules/${e.rule_id}`} className="font-medium text-indigo-700 hover:underline">
                  {e.rule_name}
                </Link>
              </Td>
            )}
            <Td>
              <AlertSeverityBadge severity={e.severity} />
            </Td>
            <Td className="text-sm">{readableAlertSummary(e.summary)}</Td>
            <Td className="min-w-64">
              <MatchedList kind={e.kind} matched={e.matched} label={`What firing of ${formatDateTime(e.fired_at)} matched`} />
            </Td>
            <Td className="text-xs whitespace-nowrap">{plural(e.notified, "person", "people")}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
