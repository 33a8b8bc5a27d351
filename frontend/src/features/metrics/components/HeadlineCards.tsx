import type { ReactNode } from "react";
import { Crosshair, Gauge, Siren, Timer, Wrench } from "lucide-react";
import { cx } from "@/components/ui";
import { plural } from "@/lib/format";
import type { OperationalMetrics, Stat } from "../api/metrics";
import { durationText, EMPTY_HINTS, NONE, partText, pctText, signed } from "../model/format";

function MetricCard({ id, label, value, empty, children, icon }: { id: string; label: string; value: string; empty: string; children?: ReactNode; icon: ReactNode }) {
  const missing = value === NONE;
  return (
    <section aria-labelledby={`${id}-label`} data-testid={`metric-${id}`} className="flex min-w-0 flex-col gap-1 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id={`${id}-label`} className="flex items-center gap-2 text-xs font-medium tracking-wide text-slate-500 uppercase">
        {icon}
        {label}
      </h2>
      <p className={cx("text-2xl font-semibold tabular-nums", missing ? "text-slate-500" : "text-slate-900")} data-testid={`metric-${id}-value`}>
        {value}
      </p>
      {missing && <p className="text-xs text-slate-600 italic">{empty}</p>}
      <div className="text-xs text-slate-600">{children}</div>
    </section>
  );
}

const over = (s: Stat, noun: string) => (s.n > 0 ? `median of ${plural(s.n, noun)}${s.mean_secs != null ? `, mean ${durationText(s.mean_secs)}` : ""}` : `n = 0`);

/** The window's headline numbers: MTTD, MTTR and its stages, efficacy, fidelity, velocity. */
export function HeadlineCards({ m }: { m: OperationalMetrics }) {
  const icon = "size-4 text-indigo-600";
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-5" data-testid="headline-metrics">
      <MetricCard id="mttd" label="MTTD" value={durationText(m.mttd.overall.median_secs)} empty={EMPTY_HINTS.mttd} icon={<Timer className={icon} aria-hidden />}>
        <p>Red execution → first alert or prevention; {over(m.mttd.overall, "test")}</p>
        {m.mttd.excluded > 0 && <p>{plural(m.mttd.excluded, "test")} left out (detection recorded before the execution)</p>}
      </MetricCard>
      <MetricCard id="mttr" label="MTTR" value={durationText(m.mttr.overall.median_secs)} empty={EMPTY_HINTS.mttr} icon={<Wrench className={icon} aria-hidden />}>
        <p>Gap found → retest alerted; {over(m.mttr.overall, "gap")}</p>
        <ul className="mt-1 flex flex-col gap-0.5">
          <li data-testid="metric-mttr-to-remediation">
            Gap → remediation done: <span className="font-medium text-slate-800 tabular-nums">{durationText(m.mttr.to_remediation.median_secs)}</span> (n = {m.mttr.to_remediation.n})
          </li>
          <li data-testid="metric-mttr-to-retest">
            Remediation → retest: <span className="font-medium text-slate-800 tabular-nums">{durationText(m.mttr.remediation_to_retest.median_secs)}</span> (n = {m.mttr.remediation_to_retest.n})
          </li>
        </ul>
      </MetricCard>
      <MetricCard id="efficacy" label="Detection efficacy" value={pctText(m.detection_efficacy)} empty={EMPTY_HINTS.efficacy} icon={<Crosshair className={icon} aria-hidden />}>
        <p>
          {partText(m.detection_efficacy)} executed attacks alerted on or prevented
        </p>
      </MetricCard>
      <MetricCard id="fidelity" label="Alert fidelity" value={pctText(m.alert_fidelity)} empty={EMPTY_HINTS.fidelity} icon={<Siren className={icon} aria-hidden />}>
        <p>{partText(m.alert_fidelity)} detections alerted or prevented rather than only logged</p>
      </MetricCard>
      <MetricCard id="velocity" label="Coverage velocity" value={signed(m.coverage_velocity.net, 0)} empty="" icon={<Gauge className={icon} aria-hidden />}>
        <p>
          Techniques validated, net: <span className="font-medium text-emerald-700">{m.coverage_velocity.gained} gained</span>,{" "}
          <span className="font-medium text-rose-700">{m.coverage_velocity.regressed} regressed</span>
        </p>
        {m.coverage_velocity.weekly.length === 0 && <p>No week of the window has a coverage snapshot at both ends.</p>}
      </MetricCard>
    </div>
  );
}
