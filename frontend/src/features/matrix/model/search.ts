//! The in-matrix search: by ATT&CK id ("T1059", "t1059.001", "1059") or by name, the
//! sub-technique's own part of its name ("PowerShell", not "Command and Scripting Interpreter").

interface Named {
  attack_id: string;
  name: string;
}

/** A sub-technique's name without its parent's ("Parent: Own" → "Own"). */
export function ownName(cell: Named): string {
  const i = cell.name.indexOf(": ");
  return cell.attack_id.includes(".") && i >= 0 ? cell.name.slice(i + 2) : cell.name;
}

export function normalizeQuery(q: string): string {
  return q.trim().toLowerCase().replace(/\s+/g, " ");
}

export function matchesQuery(cell: Named, q: string): boolean {
  const n = normalizeQuery(q);
  if (!n) return false;
  return cell.attack_id.toLowerCase().includes(n) || ownName(cell).toLowerCase().includes(n);
}

/** The ids matching `q` (techniques and sub-techniques, each once) in matrix order. */
export function searchMatches(columns: readonly { techniques: readonly (Named & { subtechniques: readonly Named[] })[] }[], q: string): string[] {
  if (!normalizeQuery(q)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const col of columns) {
    for (const c of col.techniques) {
      for (const x of [c, ...c.subtechniques]) {
        if (!seen.has(x.attack_id) && matchesQuery(x, q)) {
          seen.add(x.attack_id);
          out.push(x.attack_id);
        }
      }
    }
  }
  return out;
}
