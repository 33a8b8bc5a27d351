//! Formatting for display: dates, durations, sizes, enum labels.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A timestamp as a local date and time; "—" when missing or unreadable. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : dateTime.format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "—" : dateOnly.format(d);
}

/** "3 min ago", "2 h ago", "5 d ago", relative to `now`. */
export function timeAgo(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "—";
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return "—";
  const secs = Math.max(0, Math.round((now.getTime() - t) / 1000));
  if (secs < 45) return "just now";
  const mins = Math.round(secs / 60);
  if (mins < 60) return `${mins} min ago`;
  const hours = Math.round(mins / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return `${days} d ago`;
  return formatDate(iso);
}

/**
 * A duration in seconds as text a person reads at a glance: "42 s", "4 min 12 s", "2 h 5 min",
 * "3 d 4 h" (the two largest units, the smaller left out when zero); "—" when unknown.
 */
export function formatDuration(secs: number | null | undefined): string {
  if (secs === null || secs === undefined || !Number.isFinite(secs) || secs < 0) return "—";
  const s = Math.round(secs);
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string) => (small ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return pair(m, "min", s % 60, "s");
  const h = Math.floor(m / 60);
  if (h < 24) return pair(h, "h", m % 60, "min");
  return pair(Math.floor(h / 24), "d", h % 24, "h");
}

/** "1 test", "2 tests", "0 tests"; `many` for irregular plurals ("1 analysis", "2 analyses"). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** "1 of 2 tests", "1 of 1 test", "0 of 0 tests": the noun agrees with the total. */
export function ofTotal(part: number, total: number, one: string, many = `${one}s`): string {
  return `${part.toLocaleString()} of ${plural(total, one, many)}`;
}

/** A byte count as "1.5 MB". */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "—";
  if (n < 1024) return `${n} B`;
  const units = ["kB", "MB", "GB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** "red_executing" → "Red executing". */
export function humanize(value: string): string {
  const s = value.replace(/[_.-]+/g, " ").trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A 0..100 score with one decimal at most. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return "—";
  return (Math.round(score * 10) / 10).toString();
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${Math.round(value * 10) / 10}%`;
}
