import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Layers } from "lucide-react";
import type { TechniqueCell } from "@/api/types";
import { cx } from "@/components/ui";
import { formatDateTime, formatScore, plural, timeAgo } from "@/lib/format";
import type { Palette } from "@/lib/heatmap";
import { DETECTION_LABELS } from "@/lib/labels";
import { cellValidationsQuery, cellTechniqueQuery } from "../api/cellDetails";
import { cellStyle } from "../model/colors";
import { KIND_LABELS, KIND_ORDER, ownKind, subLabel, type CellView } from "../model/coverage";
import { ownName } from "../model/search";
import { KIND_ICONS } from "./kindIcons";

/** How long a card stays open before it asks the server for the details (arrowing past a cell asks nothing). */
const FETCH_DELAY_MS = 350;
const WIDTH = 320;
const MAX_ACTORS = 8;
const MAX_SUBS = 4;

export interface CardAnchor {
  top: number;
  left: number;
  right: number;
  bottom: number;
}

/**
 * The card of a hovered or focused cell: what the matrix knows at once (status in words, score,
 * tests, sub-techniques), then what the server adds after a moment (last validation and best
 * outcome of its validated tests, the threat actors that use it). Read as the focused cell's
 * description; informational only, so it never takes focus and Escape closes it.
 */
export function CellCard({ id, cell, view, tactic, anchor, palette = "standard" }: { id: string; cell: TechniqueCell; view: CellView; tactic: string; anchor: CardAnchor; palette?: Palette }) {
  const [load, setLoad] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setLoad(true), FETCH_DELAY_MS);
    return () => clearTimeout(t);
  }, []);
  const detail = useQuery({ ...cellTechniqueQuery(cell.attack_id), enabled: load && !view.context });
  const validations = useQuery({ ...cellValidationsQuery(cell.attack_id), enabled: load && cell.tests_validated > 0 });
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ top: number; left: number }>({ top: anchor.top, left: anchor.right + 8 });

  useLayoutEffect(() => {
    const h = ref.current?.offsetHeight ?? 0;
    const fitsRight = anchor.right + 8 + WIDTH <= window.innerWidth - 8;
    const left = fitsRight ? anchor.right + 8 : Math.max(8, anchor.left - 8 - WIDTH);
    const top = Math.max(8, Math.min(anchor.top, window.innerHeight - h - 8));
    setPos({ top, left });
  }, [anchor, detail.data, validations.data]);

  const style = cellStyle(view, "status", palette);
  const Icon = KIND_ICONS[view.context ? "context" : view.kind];
  const actors = detail.data?.threat_actors ?? [];
  const v = validations.data;
  const covering = cell.subtechniques.filter((c) => ownKind(c) === "validated" || ownKind(c) === "partial");

  return (
    <div
      ref={ref}
      id={id}
      role="tooltip"
      className="pointer-events-none fixed z-50 rounded-lg border border-slate-200 bg-white p-3 text-xs text-slate-700 shadow-xl"
      style={{ top: pos.top, left: pos.left, width: WIDTH }}
      data-testid="cell-card"
    >
      <p className="font-mono text-[11px] font-semibold text-indigo-800">
        {cell.attack_id} <span className="font-sans font-normal text-slate-600">· {tactic}</span>
      </p>
      <p className="mt-0.5 text-sm font-semibold text-slate-900">{cell.name}</p>
      <p className="mt-2 flex items-center gap-1.5">
        <span className="inline-flex size-5 items-center justify-center rounded border" style={{ background: style.background, color: style.color, borderColor: style.border, borderStyle: style.borderStyle }} aria-hidden>
          <Icon className="size-3" strokeWidth={2.5} />
        </span>
        {view.context ? (
          <span className="italic">Shown for its sub-techniques: the technique itself does not match the filters</span>
        ) : (
          <span className="font-semibold text-slate-900">
            {KIND_LABELS[view.kind]}
            {view.viaSubs && (
              <span className="font-normal text-slate-700">
                {" "}
                via sub-techniques <Layers className="inline size-3" aria-hidden />
              </span>
            )}
          </span>
        )}
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {view.viaSubs && (
          <>
            <dt className="text-slate-600">Own tests</dt>
            <dd>{KIND_LABELS[view.own]}</dd>
          </>
        )}
        <dt className="text-slate-600">Score</dt>
        <dd className="tabular-nums">{formatScore(cell.score)}</dd>
        <dt className="text-slate-600">Tests</dt>
        <dd className="tabular-nums">
          {cell.tests_validated}/{cell.tests_total} approved
        </dd>
        {view.subs && (
          <>
            <dt className="text-slate-600">Sub-techniques</dt>
            <dd>
              <span className="font-semibold tabular-nums">{subLabel(view.subs)}</span> validated
              <span className={cx("block text-slate-600", view.subs.counts.validated === view.subs.total && "sr-only")}>
                {KIND_ORDER.filter((k) => view.subs!.counts[k] > 0)
                  .map((k) => `${view.subs!.counts[k]} ${KIND_LABELS[k].toLowerCase()}`)
                  .join(" · ")}
              </span>
              {covering.length > 0 && (
                <span className="block">
                  {covering
                    .slice(0, MAX_SUBS)
                    .map((c) => `${c.attack_id} ${ownName(c)} (${KIND_LABELS[ownKind(c)].toLowerCase()})`)
                    .join(", ")}
                  {covering.length > MAX_SUBS && ` and ${covering.length - MAX_SUBS} more`}
                </span>
              )}
            </dd>
          </>
        )}
        {cell.tests_validated > 0 && (
          <>
            <dt className="text-slate-600">Last validated</dt>
            <dd>{v ? (v.lastValidated ? `${formatDateTime(v.lastValidated)} (${timeAgo(v.lastValidated)})` : "—") : <Pending failed={validations.isError} />}</dd>
            <dt className="text-slate-600">Best outcome</dt>
            <dd>
              {v ? (v.best ? DETECTION_LABELS[v.best] : "—") : <Pending failed={validations.isError} />}
              {v?.more && <span className="text-slate-600"> (newest {plural(v.read, "test")})</span>}
            </dd>
          </>
        )}
        {!view.context && (
          <>
            <dt className="text-slate-600">Threat actors</dt>
            <dd>
              {detail.data ? (
                actors.length === 0 ? (
                  "None mapped"
                ) : (
                  <>
                    <span className="font-semibold tabular-nums">{actors.length}</span>: {actors.slice(0, MAX_ACTORS).map((a) => a.name).join(", ")}
                    {actors.length > MAX_ACTORS && ` and ${actors.length - MAX_ACTORS} more`}
                  </>
                )
              ) : (
                <Pending failed={detail.isError} />
              )}
            </dd>
          </>
        )}
        {cell.platforms.length > 0 && (
          <>
            <dt className="text-slate-600">Platforms</dt>
            <dd>{cell.platforms.join(", ")}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

function Pending({ failed }: { failed: boolean }) {
  return <span className="text-slate-600">{failed ? "could not be loaded" : "loading…"}</span>;
}
