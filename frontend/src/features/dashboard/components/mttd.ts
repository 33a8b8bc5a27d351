import type { Kpis } from "@/api/types";
import { plural } from "@/lib/format";

/** How the median time to detect was taken: over how many tests, and how many were left out. */
export function mttdHint(k: Pick<Kpis, "mttd_sample" | "mttd_excluded">): string {
  const excluded = k.mttd_excluded ? `; ${k.mttd_excluded} excluded (detection recorded before execution)` : "";
  return `Median of ${plural(k.mttd_sample, "approved test")} that alerted${excluded}`;
}
