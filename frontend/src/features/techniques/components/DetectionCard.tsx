import { Card } from "@/components/ui";
import { Markdown } from "@/components/Markdown";
import type { TechniqueDetail } from "@/api/types";
import { plural } from "@/lib/format";

/**
 * How MITRE says a technique is detected: its detection prose (older releases) and its detection
 * strategies with their analytics (ATT&CK 18 and later). "Not documented" only when there is
 * neither, never above a documented strategy.
 */
export function DetectionCard({ technique: t }: { technique: Pick<TechniqueDetail, "detection" | "detection_strategies"> }) {
  const prose = Boolean(t.detection?.trim());
  const strategies = t.detection_strategies;
  return (
    <Card title="Detection">
      {(prose || strategies.length === 0) && <Markdown text={t.detection} label="References of the detection" />}
      {strategies.length > 0 && (
        <>
          {!prose && <p className="text-sm text-slate-700">MITRE documents how to detect it through {strategies.length === 1 ? "this detection strategy" : "these detection strategies"}:</p>}
          <ul className="mt-3 flex flex-col gap-2" aria-label="Detection strategies">
            {strategies.map((d) => (
              <li key={d.attack_id} className="rounded-lg border border-slate-200 px-3 py-2 text-sm">
                <span className="font-mono text-xs text-slate-600">{d.attack_id}</span> <span className="font-medium text-slate-800">{d.name}</span>
                {d.analytics.length > 0 && (
                  <span className="block text-xs text-slate-600">
                    {plural(d.analytics.length, "analytic")}: {d.analytics.map((a) => `${a.name} (${a.platforms.join(", ")})`).join("; ")}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
