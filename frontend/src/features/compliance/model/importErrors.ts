//! A refused framework import as the admin reads it: the CSV's bad rows in file order, each with
//! its row number (the header is row 1, as the server counts) and reason, then anything else the
//! server said about the file or the name.

import { ApiError } from "@/api/client";

export interface ImportProblems {
  rows: { row: number; message: string }[];
  /** Problems with the file as a whole (`body`) or the name (`name`), keyed by field. */
  other: { field: string; message: string }[];
}

export function importProblems(error: unknown): ImportProblems {
  const out: ImportProblems = { rows: [], other: [] };
  if (!(error instanceof ApiError)) return out;
  for (const e of error.errors) {
    const m = /^row (\d+)$/i.exec(e.field);
    if (m) out.rows.push({ row: Number(m[1]), message: e.message });
    else out.other.push({ field: e.field, message: e.message });
  }
  out.rows.sort((a, b) => a.row - b.row);
  return out;
}

/**
 * The framework id the server derives from a name: lower case, each run of other characters one
 * `-`, at most 64 characters.
 */
export function frameworkIdOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
}

/** The import format a file's name suggests: `.csv` → csv, `.json` → mappings-explorer. */
export function formatOfFile(name: string): "csv" | "mappings-explorer" | null {
  const n = name.toLowerCase();
  if (n.endsWith(".csv")) return "csv";
  if (n.endsWith(".json")) return "mappings-explorer";
  return null;
}

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
