import { Check, CircleDashed, Clock, Contrast, Minus, X, type LucideIcon } from "lucide-react";
import type { CellKind } from "../model/coverage";

/** A glyph per kind, so no status is told by colour alone. */
export const KIND_ICONS: Record<CellKind | "context", LucideIcon> = {
  validated: Check,
  partial: Contrast,
  in_progress: Clock,
  not_covered: X,
  untested: Minus,
  context: CircleDashed,
};
