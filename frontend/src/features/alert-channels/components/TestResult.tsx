import type { Delivery } from "@/api/types";
import { cx } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { describeDelivery } from "../model/channel";

/** The answer of "Send test": delivered or failed, after how many attempts, the receiver's status, the error. */
export function TestResult({ delivery }: { delivery: Delivery }) {
  const ok = delivery.state === "delivered";
  return (
    <div
      data-testid="test-result"
      data-state={delivery.state}
      className={cx("rounded-lg border px-4 py-3", ok ? "border-emerald-200 bg-emerald-50" : "border-rose-200 bg-rose-50")}
    >
      <p className={cx("text-sm font-semibold", ok ? "text-emerald-800" : "text-rose-800")}>
        {ok ? "Test message delivered" : delivery.state === "failed" ? "Test message not delivered" : "Test message pending"}
      </p>
      <p className="mt-1 text-sm text-slate-700">{describeDelivery(delivery)}</p>
      {delivery.error && <p className="mt-1 text-sm break-words text-rose-700">{delivery.error}</p>}
      <p className="mt-1 text-xs text-slate-600">Finished {formatDateTime(delivery.finished_at ?? delivery.created_at)}</p>
    </div>
  );
}
