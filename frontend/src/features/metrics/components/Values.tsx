import { ArrowDown, ArrowUp, Minus } from "lucide-react";
import { cx } from "@/components/ui";
import { toneWord, type Delta } from "../model/delta";
import { NONE } from "../model/format";

/**
 * A measured value in a table cell, or "—" with why there is none (a tooltip, and the same
 * words for screen readers).
 */
export function Value({ text, empty }: { text: string; empty: string }) {
  if (text !== NONE) return <>{text}</>;
  return (
    <span title={empty} className="text-slate-500">
      <span aria-hidden>{NONE}</span>
      <span className="sr-only">No value: {empty}</span>
    </span>
  );
}

const TONE_CLASS = {
  better: "text-emerald-700",
  worse: "text-rose-700",
  same: "text-slate-500",
  neutral: "text-slate-600",
  none: "text-slate-500",
} as const;

/** A change with an arrow, a colour and words ("12 min faster, better"). */
export function DeltaText({ delta, className }: { delta: Delta; className?: string }) {
  const Icon = delta.direction === "up" ? ArrowUp : delta.direction === "down" ? ArrowDown : Minus;
  const word = toneWord(delta.tone);
  return (
    <span className={cx("inline-flex items-center gap-1 font-medium whitespace-nowrap tabular-nums", TONE_CLASS[delta.tone], className)} data-tone={delta.tone}>
      {delta.direction && <Icon className="size-3.5 shrink-0" aria-hidden />}
      {delta.text}
      {word && <span className="text-xs font-normal">{` (${word})`}</span>}
    </span>
  );
}
