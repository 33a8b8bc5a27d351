// Prints the gzipped JavaScript each screen loads, from Vite's build manifest, and fails when the
// first screen (the entry plus the dashboard, where a signed-in user lands) is over the budget.
// Usage: node scripts/bundle-size.mjs [budget-kB]   (default 400)
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dist = new URL("../dist/", import.meta.url).pathname;
const budgetKb = Number(process.argv[2] ?? process.env.AEGIS_FIRST_SCREEN_BUDGET_KB ?? 400);
const manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));

const gz = new Map();
function gzipped(file) {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length);
  return gz.get(file);
}

/** Every JS file `key` loads before it runs: itself and its static imports, transitively. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) closure(dep, seen);
  return seen;
}

const kb = (n) => (n / 1024).toFixed(1);
const total = (files) => [...files].filter((f) => f.endsWith(".js")).reduce((s, f) => s + gzipped(f), 0);

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) throw new Error("no entry in the build manifest");
const entry = closure(entryKey);
const dashboardKey = Object.keys(manifest).find((k) => k.endsWith("features/dashboard/routes/DashboardPage.tsx"));
const firstScreen = new Set([...entry, ...(dashboardKey ? closure(dashboardKey) : [])]);

console.log("JavaScript per screen (gzipped, including shared chunks):");
console.log(`  ${"entry (login)".padEnd(52)} ${kb(total(entry)).padStart(7)} kB`);
const routes = Object.keys(manifest)
  .filter((k) => manifest[k].isDynamicEntry)
  .sort();
for (const key of routes) {
  const files = new Set([...entry, ...closure(key)]);
  const name = key.replace(/^src\//, "").replace(/\.tsx?$/, "");
  console.log(`  ${name.padEnd(52)} ${kb(total(files)).padStart(7)} kB`);
}
const all = Object.values(manifest)
  .map((c) => c.file)
  .filter((f) => f.endsWith(".js"));
console.log(`  ${"all JavaScript".padEnd(52)} ${kb(total(new Set(all))).padStart(7)} kB`);

const first = total(firstScreen);
console.log(`first-screen JS (entry + dashboard): ${kb(first)} kB gzipped (budget ${budgetKb} kB)`);
if (first > budgetKb * 1024) {
  console.error(`first-screen JS is over the ${budgetKb} kB budget`);
  process.exit(1);
}
