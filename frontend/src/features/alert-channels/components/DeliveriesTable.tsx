import { Link } from "react-router";
import type { Delivery } from "@/api/types";
import { Table, Td, Th } from "@/components/ui";
import { formatDateTime, timeAgo } from "@/lib/format";
import { DeliveryStateBadge } from "./ChannelBits";

/** A channel's deliveries, newest first: what was sent, how it went, the receiver's answer and the error. */
export function DeliveriesTable({ deliveries }: { deliveries: readonly Delivery[] }) {
  return (
    <Table caption="Deliveries">
      <thead>
        <tr>
          <Th>Sent</Th>
          <Th>What</Th>
          <Th>State</Th>
          <Th className="text-right">Attempts</Th>
          <Th>HTTP status</Th>
          <Th>Error</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {deliveries.map((d) => (
          <tr key={d.id} data-delivery={d.id} data-state={d.state} className="align-top">
            <Td className="text-xs whitespace-nowrap">
              <span title={formatDateTime(d.created_at)}>{timeAgo(d.created_at)}</span>
              <p className="text-slate-500">{formatDateTime(d.finished_at ?? d.created_at)}</p>
            </Td>
            <Td className="text-sm">
              {d.event_id ? (
                d.rule_id ? (
                  <Link to={`/alert-rules/${d.rule_id}`} className="font-medium text-indigo-700 hover:underline">
                    {d.summary}
                  </Link>
                ) : (
                  d.summary
                )
              ) : (
                <>
                  <span className="font-medium text-slate-800">Test message</span>
                  <p className="text-xs text-slate-500">{d.summary}</p>
                </>
              )}
            </Td>
            <Td>
              <DeliveryStateBadge state={d.state} />
            </Td>
            <Td className="text-right text-xs tabular-nums">{d.attempts}</Td>
            <Td className="text-xs tabular-nums">{d.status_code ?? "—"}</Td>
            <Td className="max-w-md text-xs break-words text-rose-700">{d.error ?? <span className="text-slate-500">—</span>}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
