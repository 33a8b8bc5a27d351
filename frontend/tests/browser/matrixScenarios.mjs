// Browser scenarios of the one-screen ATT&CK matrix (features/matrix), spread into run.mjs's
// list: `...matrixScenarios({ adminToken, withSession })`. They read the catalog the runner has
// (the small fixture in `make test`) and, when the real Enterprise bundle is on disk
// ($AEGIS_DATA_DIR/attack or ../shared/data/attack), lay out the full Enterprise 18.1 matrix.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { RUN_ID, api, assert, axeViolations, screenshot, settled, useToken } from "./harness.mjs";

const ENTERPRISE = "enterprise-attack-18.1.json.gz";
/** Serious and critical axe-core violations in the page's main area (the matrix page's own content). */
async function matrixAxe(page) {
  const violations = await axeViolations(page, [["main"]]);
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} → ${v.nodes.slice(0, 3).join("; ")} (${v.count})`);
}

/** The real Enterprise bundle, where the Rust real-data tests look for it; null when absent. */
function enterpriseBundlePath() {
  const dirs = [process.env.AEGIS_DATA_DIR, new URL("../../../../shared/data", import.meta.url).pathname].filter(Boolean);
  for (const dir of dirs) {
    const path = join(dir, "attack", ENTERPRISE);
    if (existsSync(path)) return path;
  }
  return null;
}

const attackId = (o) => o.external_references?.find((r) => r.source_name === "mitre-attack")?.external_id;
const active = (o) => !o.revoked && !o.x_mitre_deprecated;

/**
 * `GET /heatmap` as the server would answer it for the bundle with no test at all (the shape of
 * shared/coverage's `build`: tactics in matrix order, a technique under each of its tactics,
 * sub-techniques nested under their parent for the tactics they share), plus one validated
 * sub-technique (T1059.001) so that a parent shows "1/…".
 */
function enterpriseHeatmap(path) {
  const bundle = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
  const byRef = new Map(bundle.objects.map((o) => [o.id, o]));
  const matrixObject = bundle.objects.find((o) => o.type === "x-mitre-matrix");
  const tactics = matrixObject.tactic_refs.map((ref) => byRef.get(ref)).filter(active);
  const patterns = bundle.objects.filter((o) => o.type === "attack-pattern" && active(o) && attackId(o));
  const phases = (o) => (o.kill_chain_phases ?? []).filter((k) => k.kill_chain_name === "mitre-attack").map((k) => k.phase_name);
  const cell = (o, subtechniques = []) => {
    const validated = attackId(o) === "T1059.001";
    return {
      attack_id: attackId(o),
      name: o.name,
      status: validated ? "validated" : "not_covered",
      score: validated ? 62 : 0,
      color: validated ? "#1a9850" : "#d73027",
      tests_total: validated ? 1 : 0,
      tests_validated: validated ? 1 : 0,
      platforms: o.x_mitre_platforms ?? [],
      components: { tests: validated ? 100 : 0, detection_rules: 0, freshness: validated ? 100 : 0, platform_diversity: 0 },
      subtechniques,
    };
  };
  const columns = tactics.map((t) => {
    const shortname = t.x_mitre_shortname;
    const techniques = patterns
      .filter((p) => !p.x_mitre_is_subtechnique && phases(p).includes(shortname))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => {
        const subs = patterns
          .filter((s) => s.x_mitre_is_subtechnique && attackId(s).startsWith(`${attackId(p)}.`) && phases(s).includes(shortname))
          .sort((a, b) => attackId(a).localeCompare(attackId(b)))
          .map((s) => cell(s));
        return cell(p, subs);
      });
    return { id: attackId(t), name: t.name, shortname, score: 0, techniques };
  });
  const ids = new Set(columns.flatMap((c) => c.techniques.flatMap((t) => [t.attack_id, ...t.subtechniques.map((s) => s.attack_id)])));
  return {
    domain: "enterprise-attack",
    attack_version: "18.1",
    weights: { tests: 40, detection_rules: 20, d3fend: 15, freshness: 15, platform_diversity: 10 },
    org_score: 0,
    counts: { validated: 1, partial: 0, in_progress: 0, not_covered: ids.size - 1 },
    tactics: columns,
    items_read: 0,
    tests_by_state: {},
  };
}

/** Where the matrix's scroller and its tactic headers are, as the page lays them out. */
async function layout(page) {
  return page.evaluate(() => {
    const box = document.querySelector('[data-testid="matrix"]');
    const b = box.getBoundingClientRect();
    const headers = [...box.querySelectorAll('[role="columnheader"]')].map((h) => {
      const r = h.getBoundingClientRect();
      return { name: h.querySelector(".sr-only")?.textContent ?? h.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    });
    return {
      box: { left: b.left, right: b.left + box.clientWidth, top: b.top, bottom: b.bottom },
      scrollWidth: box.scrollWidth,
      clientWidth: box.clientWidth,
      scrollHeight: box.scrollHeight,
      clientHeight: box.clientHeight,
      density: box.dataset.density,
      headers,
      viewport: { width: window.innerWidth, height: window.innerHeight },
      pageHeight: document.documentElement.scrollHeight,
    };
  });
}

/** Every header lies inside the scroller horizontally, and nothing scrolls sideways. */
function assertAllHeadersFit(l, expected, where) {
  assert(l.headers.length === expected, `${where}: ${l.headers.length} tactic headers, expected ${expected}`);
  assert(l.scrollWidth <= l.clientWidth, `${where}: the matrix scrolls sideways (${l.scrollWidth} px of content in ${l.clientWidth} px, density ${l.density})`);
  const outside = l.headers.filter((h) => h.left < l.box.left - 1 || h.right > l.box.right + 1);
  assert(outside.length === 0, `${where}: headers outside the visible matrix: ${outside.map((h) => h.name).join("; ")}`);
}

/** Scrolls the matrix to its bottom and checks the headers stayed at its top, in view. */
async function assertStickyHeaders(page, where) {
  await page.getByTestId("matrix").evaluate((b) => (b.scrollTop = b.scrollHeight));
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="matrix"]');
    return b.scrollTop > 0 && b.scrollTop + b.clientHeight >= b.scrollHeight - 2;
  });
  const l = await layout(page);
  const off = l.headers.filter((h) => h.top < l.box.top - 1 || h.top > l.box.top + 12 || h.bottom > l.viewport.height);
  assert(off.length === 0, `${where}: after scrolling the matrix down, headers left the top of the matrix: ${off.map((h) => `${h.name} at ${Math.round(h.top)} (matrix top ${Math.round(l.box.top)})`).join("; ")}`);
  return l;
}

/** A validated test (alerted) on `techniqueId`, driven through the workflow by admin. */
async function seedValidated(adminToken, techniqueId) {
  const t = await api("/api/v1/tests", {
    token: adminToken,
    method: "POST",
    json: { title: `Matrix ${RUN_ID} on ${techniqueId}`, technique_id: techniqueId, severity: "medium", procedure: "Invoke-Expression payload" },
  });
  const step = (action, json) => api(`/api/v1/tests/${t.id}/${action}`, { token: adminToken, method: "POST", json });
  await step("start-execution", {});
  await step("submit-red", { executed: true, succeeded: true, notes: "The payload ran." });
  await step("submit-blue", { outcomes: [{ layer: "edr", result: "alerted", alert_name: `Matrix rule ${RUN_ID}` }], notes: "The EDR alerted." });
  await step("vote", { decision: "approve", as_role: "red_lead" });
  const done = await step("vote", { decision: "approve", as_role: "blue_lead" });
  assert(done.state === "validated", `the seeded test on ${techniqueId} is ${done.state}`);
  return t;
}

/** The cell of parent `id` under the first tactic where it has `sub` nested, with that tactic's column. */
function findParent(heatmap, id, sub) {
  for (const [col, tactic] of heatmap.tactics.entries()) {
    const cell = tactic.techniques.find((c) => c.attack_id === id && c.subtechniques.some((s) => s.attack_id === sub));
    if (cell) return { cell, col };
  }
  return { cell: null, col: -1 };
}

/** @param {{ adminToken: string, withSession: (label: string, body: (page: import("playwright-core").Page, session: object) => Promise<void>) => Promise<void> }} helpers */
export function matrixScenarios({ adminToken, withSession }) {
  const bundle = enterpriseBundlePath();
  return [
    {
      name: "matrix at 1920×1080 in compact: every tactic header visible without scrolling sideways, and sticky",
      run: async () => {
        const heatmap = await api("/api/v1/heatmap", { token: adminToken });
        const tactics = heatmap.tactics.length;
        assert(tactics > 0, "the catalog has no tactic");
        await withSession("matrix-headers", async (page, session) => {
          await useToken(session, adminToken);
          await page.setViewportSize({ width: 1920, height: 1080 });
          await page.goto("/matrix?density=compact&expand=all");
          await page.getByRole("grid", { name: "ATT&CK matrix" }).waitFor();
          await settled(page);
          const l = await layout(page);
          assert(l.density === "compact", `the matrix is drawn ${l.density}, expected compact`);
          assertAllHeadersFit(l, tactics, "1920×1080 compact");
          // The matrix is first on the page: its top is above the fold, its bottom (and so its
          // horizontal scrollbar) at the bottom of the window, not further down the page.
          assert(l.box.top < 400, `the matrix starts ${Math.round(l.box.top)} px down the page`);
          assert(l.box.bottom <= l.viewport.height, `the matrix ends at ${Math.round(l.box.bottom)} px in a ${l.viewport.height} px window`);
          if (l.scrollHeight > l.clientHeight) assert(l.box.bottom >= l.viewport.height - 60, `the matrix scrolls but ends at ${Math.round(l.box.bottom)} px, above the window's bottom`);
          if (l.scrollHeight > l.clientHeight) {
            await assertStickyHeaders(page, "1920×1080 compact");
          } else {
            // The fixture catalog is shorter than the window: nothing to scroll, so the sticky
            // headers are checked on the Enterprise matrix below; here only that they are sticky.
            const position = await page.locator('[role="grid"] [role="rowgroup"]').first().evaluate((g) => getComputedStyle(g).position);
            assert(position === "sticky", `the tactic headers are ${position}, not sticky`);
            console.log("      (the catalog fits without scrolling: sticky checked by style; the Enterprise scenario scrolls)");
          }
          const violations = await matrixAxe(page);
          assert(violations.length === 0, `axe-core on the matrix (compact, expanded):\n        ${violations.join("\n        ")}`);
          // The page's own skip link leads into the grid, where the arrow keys move.
          await page.getByTestId("matrix").evaluate((b) => (b.scrollTop = 0));
          await page.getByRole("link", { name: "Skip to the matrix" }).focus();
          await page.keyboard.press("Enter");
          const first = await page.evaluate(() => document.activeElement?.getAttribute("data-pos"));
          assert(first === "0:0" || /^\d+:0$/.test(first ?? ""), `the skip link focused ${first}, not the grid's first cell`);
          await page.keyboard.press("ArrowRight");
          const next = await page.evaluate(() => document.activeElement?.getAttribute("data-pos"));
          assert(next && next !== first, `ArrowRight did not move from ${first}`);
          await page.getByRole("tooltip").waitFor();
          const withCard = await matrixAxe(page);
          assert(withCard.length === 0, `axe-core on the matrix with a cell's card open:\n        ${withCard.join("\n        ")}`);
        });
      },
    },
    {
      name: "matrix: a parent shows its validated sub-technique (n/m and the colour of its sub-techniques); untested stays neutral in score mode",
      guard: async () => {
        const subs = await api("/api/v1/techniques?subtechniques=true&limit=1", { token: adminToken });
        return subs.items.length ? null : "the catalog has no sub-technique";
      },
      run: async () => {
        const subs = await api("/api/v1/techniques?subtechniques=true&limit=1", { token: adminToken });
        const sub = subs.items[0];
        const parentId = sub.parent_id ?? sub.attack_id.split(".")[0];
        await seedValidated(adminToken, sub.attack_id);
        // The oracle: the heatmap API's own cells, counted here, not by the SPA's code.
        const heatmap = await api("/api/v1/heatmap", { token: adminToken });
        const { cell: parent, col } = findParent(heatmap, parentId, sub.attack_id);
        assert(parent, `${parentId} is not on the heatmap with ${sub.attack_id} under it`);
        const validated = parent.subtechniques.filter((s) => s.status === "validated").length;
        const total = parent.subtechniques.length;
        assert(validated >= 1, `the API shows ${validated} validated sub-techniques under ${parentId} after seeding ${sub.attack_id}`);
        const untested = heatmap.tactics.flatMap((c) => c.techniques.flatMap((t) => [t, ...t.subtechniques])).find((c) => c.tests_total === 0 && !c.context_only);
        const failed = heatmap.tactics.flatMap((c) => c.techniques.flatMap((t) => [t, ...t.subtechniques])).find((c) => c.tests_total > 0 && c.status === "not_covered");
        await withSession("matrix-parent", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto("/matrix?density=normal");
          // The parent under the tactic the API nests the sub-technique in (a technique sits under each of its tactics).
          const cell = page.locator(`[data-technique="${parentId}"][data-pos^="${col}:"]`);
          await cell.waitFor();
          const toggle = page.locator(`[role="gridcell"]:has([data-technique="${parentId}"][data-pos^="${col}:"])`).getByRole("button", { name: `${total === 1 ? "sub-technique" : "sub-techniques"} of ${parentId}, ${validated}/${total} validated` });
          assert((await toggle.innerText()).includes(`${validated}/${total}`), `the parent shows "${await toggle.innerText()}", expected ${validated}/${total}`);
          const label = (await cell.getAttribute("aria-label")) ?? "";
          assert(label.includes(`${validated} of ${total} ${total === 1 ? "sub-technique" : "sub-techniques"} validated`), `the parent's label does not count its sub-techniques: ${label}`);
          if (parent.status !== "validated") {
            // Its own tests do not cover it: the colour comes from the sub-techniques, and says so.
            assert((await cell.getAttribute("data-via-subs")) === "true", `${parentId} (${parent.status}) is not coloured by its sub-techniques`);
            const kind = await cell.getAttribute("data-kind");
            assert(kind === (validated === total ? "validated" : "partial"), `${parentId} is drawn ${kind} with ${validated}/${total} sub-techniques validated`);
            assert(label.includes("via sub-techniques"), `the parent's label does not say its coverage comes from sub-techniques: ${label}`);
          }
          await cell.hover();
          const card = page.getByRole("tooltip");
          await card.filter({ hasText: `${validated}/${total}` }).waitFor();
          await card.filter({ hasText: sub.attack_id }).waitFor();
          await screenshot(page, "matrix-parent-subtechniques");
          // Expanded, the sub-technique itself is validated.
          await toggle.click();
          const child = page.locator(`[data-technique="${sub.attack_id}"][data-pos^="${col}:"]`);
          await child.waitFor();
          assert((await child.getAttribute("data-kind")) === "validated", `${sub.attack_id} is drawn ${await child.getAttribute("data-kind")}`);
          // Score mode: a never-tested cell stays neutral, unlike a tested one without coverage.
          await page.getByLabel("Colour by").selectOption("score");
          await page.waitForURL(/color=score/);
          if (untested) {
            const u = page.locator(`[data-technique="${untested.attack_id}"]`).first();
            await u.waitFor();
            assert((await u.getAttribute("data-kind")) === "untested", `${untested.attack_id} (no test) is drawn ${await u.getAttribute("data-kind")}`);
            const bg = await u.evaluate((e) => e.style.background);
            assert(bg.includes("repeating-linear-gradient"), `${untested.attack_id} (no test) is painted ${bg} in score mode`);
            assert(((await u.getAttribute("aria-label")) ?? "").includes("Untested"), "an untested cell does not say so in its label");
          }
          if (failed) {
            const f = page.locator(`[data-technique="${failed.attack_id}"]`).first();
            const bg = await f.evaluate((e) => e.style.background);
            assert(!bg.includes("repeating-linear-gradient"), `${failed.attack_id} (tested, not covered) is painted as untested`);
          }
          await page.getByTestId("matrix-legend").filter({ hasText: "Untested" }).waitFor();
          const violations = await matrixAxe(page);
          assert(violations.length === 0, `axe-core on the matrix (normal, score colours):\n        ${violations.join("\n        ")}`);
          // The colour-blind-safe palette: the parent repainted, its text still readable (axe), kept after a reload.
          await page.getByLabel("Colour by").selectOption("status");
          const before = await cell.evaluate((e) => e.style.background);
          await page.getByLabel("Colour palette (every screen, this browser)").selectOption("colorblind");
          await page.waitForFunction((b) => document.querySelector(`[data-technique="${b.id}"]`)?.style.background !== b.before, { id: parentId, before });
          await page.reload();
          await cell.waitFor();
          assert((await page.getByLabel("Colour palette (every screen, this browser)").inputValue()) === "colorblind", "the palette is not kept after a reload");
          await screenshot(page, "matrix-colorblind-palette");
          const cbViolations = await matrixAxe(page);
          assert(cbViolations.length === 0, `axe-core on the matrix (colour-blind palette):\n        ${cbViolations.join("\n        ")}`);
          await page.getByLabel("Colour palette (every screen, this browser)").selectOption("standard");
        });
      },
    },
    {
      name: "matrix screenshots at 1280×800 and 1920×1080",
      run: () =>
        withSession("matrix-screens", async (page, session) => {
          await useToken(session, adminToken);
          for (const [width, height] of [
            [1280, 800],
            [1920, 1080],
          ]) {
            await page.setViewportSize({ width, height });
            await page.goto("/matrix");
            await page.getByRole("grid", { name: "ATT&CK matrix" }).waitFor();
            await settled(page);
            const l = await layout(page);
            assert(l.scrollWidth <= l.clientWidth, `at ${width}×${height} the matrix (${l.density}) scrolls sideways`);
            await screenshot(page, `matrix-${width}x${height}`);
          }
        }),
    },
    {
      name: "matrix of the real Enterprise 18.1 catalog: 14 tactics fit at 1920 (compact) and 1280 (mini), headers sticky, scrollbar at the window's bottom",
      guard: async () => (bundle ? null : `${ENTERPRISE} not found in $AEGIS_DATA_DIR/attack or ../shared/data/attack`),
      run: async () => {
        // The bundle is laid out as the heatmap API would answer for it, served in place of
        // GET /heatmap for this page only: the runner's catalog (and the scenarios after this
        // one) stay as they are.
        const heatmap = enterpriseHeatmap(bundle);
        const cells = heatmap.tactics.reduce((n, c) => n + c.techniques.length, 0);
        assert(heatmap.tactics.length === 14, `the Enterprise 18.1 bundle has ${heatmap.tactics.length} tactics in its matrix`);
        await withSession("matrix-enterprise", async (page, session) => {
          await page.route(
            (url) => url.pathname === "/api/v1/heatmap",
            (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(heatmap) }),
          );
          await useToken(session, adminToken);
          for (const [width, height, density] of [
            [1920, 1080, "compact"],
            [1280, 800, "mini"],
          ]) {
            await page.setViewportSize({ width, height });
            // The default density, "fit to screen", must choose it by itself.
            await page.goto("/matrix");
            await page.getByRole("grid", { name: "ATT&CK matrix" }).waitFor();
            await page.locator('[data-technique="T1059"]').first().waitFor();
            await settled(page);
            let l = await layout(page);
            assert(l.density === density, `at ${width}×${height} "fit to screen" chose ${l.density}, expected ${density}`);
            assertAllHeadersFit(l, 14, `Enterprise at ${width}×${height}`);
            assert(l.box.bottom <= l.viewport.height && l.box.bottom >= l.viewport.height - 60, `at ${width}×${height} the matrix (and its horizontal scrollbar) ends at ${Math.round(l.box.bottom)} px`);
            const parent = page.getByRole("button", { name: /sub-techniques of T1059, 1\/\d+ validated/ }).first();
            await parent.waitFor();
            await screenshot(page, `matrix-enterprise-${width}x${height}`);
            const violations = await matrixAxe(page);
            assert(violations.length === 0, `axe-core on the Enterprise matrix at ${width}×${height} (${density}):\n        ${violations.join("\n        ")}`);
            await assertStickyHeaders(page, `Enterprise at ${width}×${height}`);
            // Every sub-technique expanded: the matrix still ends at the window's bottom; the page
            // does not grow with it.
            await page.getByRole("button", { name: "Expand all" }).click();
            await page.waitForFunction((n) => document.querySelectorAll("[data-pos]").length > n, cells);
            l = await layout(page);
            assert(l.pageHeight < 2 * l.viewport.height, `with every sub-technique expanded the page is ${l.pageHeight} px tall`);
            assert(l.box.bottom <= l.viewport.height, `with every sub-technique expanded the matrix ends at ${Math.round(l.box.bottom)} px`);
            await assertStickyHeaders(page, `Enterprise expanded at ${width}×${height}`);
            await page.getByRole("button", { name: "Collapse all" }).click();
          }
        });
      },
    },
  ];
}
