// Browser scenario of the Operational metrics and Comparison screens (features/metrics), spread
// into run.mjs's list: `...metricsScenarios(helpers)`. The admin opens Operational metrics from
// the menu: every headline card shows a value, or "—" exactly where the API measured nothing;
// a shorter window is asked for (the URL keeps it) and a window over 366 days is refused under
// its input. Then Comparison in two-period mode shows both periods side by side (the number of
// tests of each as the API counts it); two snapshots taken through the API are compared in
// two-snapshot mode (score, tactics as many as the API gives), and the mode survives a reload.
// axe-core finds no serious or critical violation on either screen.
import { seriousViolations, utcDay } from "./harness.mjs";

/**
 * @param {object} h the helpers run.mjs has: adminToken, api, assert, withSession, screenshot,
 *   settled, useToken
 */
export function metricsScenarios(h) {
  const { adminToken, api, assert, withSession, screenshot, settled, useToken } = h;

  const guard = async () => {
    const doc = await api("/api/v1/openapi.json");
    return Object.keys(doc.paths ?? {}).includes("/api/v1/metrics/operational") ? null : "the server has no /api/v1/metrics/operational yet";
  };

  const isMetricsCall = (r) => new URL(r.url()).pathname === "/api/v1/metrics/operational";

  return [
    {
      name: "operational metrics: headline cards (a value or “—” where the API has none), a shorter window kept in the URL, an over-long one refused at its input; comparison of two periods and of two snapshots",
      guard,
      run: async () => {
        const problems = [];
        await withSession("operational-metrics", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto("/");
          const nav = page.getByRole("navigation", { name: "Main" });
          await nav.getByRole("link", { name: "Operational metrics" }).click();
          await page.getByRole("heading", { name: "Operational metrics", level: 1 }).waitFor();
          await page.getByTestId("headline-metrics").waitFor();
          await settled(page);

          // Each card as the API has it: "—" exactly where nothing was measured, never 0.
          const m = await api("/api/v1/metrics/operational", { token: adminToken });
          const cards = [
            ["mttd", m.mttd.overall.median_secs],
            ["mttr", m.mttr.overall.median_secs],
            ["efficacy", m.detection_efficacy.pct],
            ["fidelity", m.alert_fidelity.pct],
          ];
          for (const [id, value] of cards) {
            const text = (await page.getByTestId(`metric-${id}-value`).innerText()).trim();
            assert(text.length > 0, `the ${id} card is empty`);
            if (value === null || value === undefined) assert(text === "—", `${id}: the API measured nothing but the card says "${text}"`);
            else assert(text !== "—", `${id}: the API has ${value} but the card says "—"`);
          }
          if (m.mttd.overall.median_secs === null) {
            await page.getByTestId("metric-mttd").getByText("no alerting detection in this window").waitFor();
          }
          const velocity = (await page.getByTestId("metric-velocity-value").innerText()).trim();
          assert(velocity.replace("\u2212", "-").replace("+", "") === String(m.coverage_velocity.net), `velocity card "${velocity}", API net ${m.coverage_velocity.net}`);
          problems.push(...(await seriousViolations(page)).map((v) => `/metrics/operational: ${v}`));
          await screenshot(page, "60-operational-metrics");

          // A shorter window: asked for as the last 30 days, and kept in the URL.
          const asked = page.waitForResponse((r) => isMetricsCall(r) && r.status() === 200);
          await page.getByLabel("Window", { exact: true }).selectOption("30");
          const response = await asked;
          await page.waitForURL(/[?&]window=30\b/);
          const from = new Date(new URL(response.url()).searchParams.get("from") ?? "");
          const days = (Date.now() - from.getTime()) / 86_400_000;
          assert(days > 29.9 && days < 30.1, `the 30-day window started ${days.toFixed(2)} days ago`);
          await page.getByTestId("headline-metrics").waitFor();

          // Custom dates over 366 days: the server's message under "From".
          await page.getByLabel("Window", { exact: true }).selectOption("custom");
          await page.waitForURL(/[?&]window=custom\b/);
          const refused = page.waitForResponse((r) => isMetricsCall(r) && r.status() === 422);
          await page.getByLabel("From", { exact: true }).fill("2020-01-01");
          await refused;
          await page.locator("#metrics-from-error").filter({ hasText: "at most 366 days" }).waitFor();
          assert((await page.getByLabel("From", { exact: true }).getAttribute("aria-invalid")) === "true", "the refused From is not marked invalid");
          assert(new URL(page.url()).searchParams.get("from") === "2020-01-01", "the custom From is not in the URL");
          await screenshot(page, "61-operational-metrics-refused-window");

          // Comparison, two periods (the default): both columns, each period's tests as the API counts them.
          await nav.getByRole("link", { name: "Comparison" }).click();
          await page.getByRole("heading", { name: "Comparison", level: 1 }).waitFor();
          await page.getByLabel("Two periods").check();
          const table = page.getByRole("table", { name: "The two periods side by side" });
          await table.waitFor();
          await settled(page);
          await table.getByRole("columnheader", { name: /Period A/ }).waitFor();
          await table.getByRole("columnheader", { name: /Period B/ }).waitFor();
          const period = async (fromDay, toDay) =>
            api(`/api/v1/metrics/operational?from=${fromDay}T00:00:00Z&to=${toDay}T23:59:59Z`, { token: adminToken });
          const [a, b] = await Promise.all([period(utcDay(-59), utcDay(-30)), period(utcDay(-29), utcDay())]);
          const tests = table.locator('tr[data-measure="validated"]');
          assert((await tests.locator("td[data-side=a]").innerText()).trim() === a.validated_tests.toLocaleString("en"), "period A's test count differs from the API's");
          assert((await tests.locator("td[data-side=b]").innerText()).trim() === b.validated_tests.toLocaleString("en"), "period B's test count differs from the API's");
          for (const side of ["a", "b"]) {
            const text = (await table.locator(`tr[data-measure="mttd"] td[data-side=${side}]`).innerText()).trim();
            assert(text.length > 0, `MTTD of period ${side.toUpperCase()} is empty`);
          }
          await page.getByRole("table", { name: "Tactics in both periods" }).or(page.getByText("No test was approved in either period.")).first().waitFor();
          problems.push(...(await seriousViolations(page)).map((v) => `/comparison (periods): ${v}`));
          await screenshot(page, "62-comparison-periods");

          // Two snapshots taken now, then compared: the newest two are the default pair.
          const older = await api("/api/v1/snapshots", { token: adminToken, method: "POST" });
          const newer = await api("/api/v1/snapshots", { token: adminToken, method: "POST" });
          const expected = await api(`/api/v1/snapshots/compare?from=${older.id}&to=${newer.id}`, { token: adminToken });
          // The mode lives in the URL, which the router sets in a transition: click and wait for
          // it (check() asserts the state the instant after its click).
          await page.getByLabel("Two snapshots").click();
          await page.waitForURL(/[?&]mode=snapshots\b/);
          await page.locator('input[name="compare-mode"][value="snapshots"]:checked').waitFor();
          await page.getByLabel("Earlier snapshot").selectOption(older.id);
          await page.getByLabel("Later snapshot").selectOption(newer.id);
          const result = page.getByTestId("snapshot-comparison");
          await result.waitFor();
          await settled(page);
          const score = await result.getByTestId("org-score-delta").innerText();
          assert(score.includes(String(Math.round(newer.org_score * 10) / 10)), `the score card "${score}" lacks the later score ${newer.org_score}`);
          const tacticRows = await result.getByTestId("compare-by-tactic").locator("tr[data-group]").count();
          assert(tacticRows === expected.by_tactic.length, `${tacticRows} tactics shown, the API compares ${expected.by_tactic.length}`);
          const actorRows = await result.getByTestId("compare-by-actor").locator("tr[data-group]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-group")));
          assert(JSON.stringify(actorRows) === JSON.stringify(expected.by_actor.map((x) => x.key)), "the actors are not in the API's order");
          await screenshot(page, "63-comparison-snapshots");

          // The mode and the pair are in the URL: a reload shows the same comparison.
          await page.reload();
          await page.getByTestId("snapshot-comparison").waitFor();
          assert((await page.getByLabel("Earlier snapshot").inputValue()) === older.id, "the earlier snapshot was lost on reload");
          problems.push(...(await seriousViolations(page)).map((v) => `/comparison (snapshots): ${v}`));
        });
        assert(problems.length === 0, `axe found serious or critical violations:\n        ${problems.join("\n        ")}`);
      },
    },
  ];
}
