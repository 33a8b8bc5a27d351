// Browser scenarios of the blue team's content (features/compliance, features/tests' rule
// outcomes), spread into run.mjs's list: `...defenseScenarios(helpers)`. An admin imports a small
// CIS-style CSV framework on the Compliance screen (a malformed one is refused row by row first),
// a test validated on one of its techniques moves the control's gap entry and the gap view shows
// it; a blue tech records a detection rule's outcome in the blue form for a test whose technique
// has a rule, from a tiny Sigma archive imported through the data source. Names carry the run's
// id, so the scenarios hold on a stack that already has frameworks and rules.
import { randomUUID } from "node:crypto";
import { BASE } from "./harness.mjs";
import { tarGz } from "./contentScenarios.mjs";

/** A Sigma rule (SigmaHQ's YAML) tagged with `technique`. */
function sigmaRule({ id, title, technique }) {
  return [
    `title: ${title}`,
    `id: ${id}`,
    "status: test",
    "description: Browser test rule.",
    "author: Aegis browser tests",
    "date: 2026-01-05",
    "tags:",
    "    - attack.execution",
    `    - attack.${technique.toLowerCase()}`,
    "logsource:",
    "    category: process_creation",
    "    product: windows",
    "detection:",
    "    selection:",
    "        Image|endswith: '\\aegis-browser-test.exe'",
    "    condition: selection",
    "level: high",
    "",
  ].join("\n");
}

/**
 * @param {object} h the helpers run.mjs has: RUN_ID, adminToken, api, apiRaw, assert,
 *   withSession, screenshot, seedUser, settled, tokenFor, useToken
 */
export function defenseScenarios(h) {
  const { RUN_ID, adminToken, api, apiRaw, assert, withSession, screenshot, seedUser, settled, tokenFor, useToken } = h;

  const hasPaths = async (...paths) => {
    const doc = await api("/api/v1/openapi.json");
    const missing = paths.filter((p) => !Object.keys(doc.paths ?? {}).includes(p));
    return missing.length ? `the server has no ${missing.join(", ")} yet` : null;
  };
  const step = (id, action, json, token = adminToken) => api(`/api/v1/tests/${id}/${action}`, { token, method: "POST", json });
  const minutesAgo = (m) => new Date(Date.now() - m * 60_000).toISOString();

  /** Two current techniques nobody has covered yet (no test validated or under way). */
  async function uncoveredTechniques() {
    const list = await api("/api/v1/techniques?coverage=not_covered&subtechniques=false&limit=200", { token: adminToken });
    const fresh = list.items.filter((t) => t.coverage_status === "not_covered" && !t.deprecated && !t.revoked);
    assert(fresh.length >= 2, `need two not-covered techniques, the catalog has ${fresh.length}`);
    return fresh.slice(-2);
  }

  /** A test on `attackId` taken to validated with an alert, by admin through the API. */
  async function validatedTest(attackId, title) {
    const t = await api("/api/v1/tests", { token: adminToken, method: "POST", json: { title, technique_id: attackId, severity: "medium", procedure: "whoami" } });
    await step(t.id, "start-execution", {});
    await step(t.id, "submit-red", { executed: true, succeeded: true, executed_at: minutesAgo(30), notes: "Ran it." });
    await step(t.id, "submit-blue", { outcomes: [{ layer: "edr", result: "alerted", alert_name: "EDR: browser test", detected_at: minutesAgo(25) }], notes: "Alerted." });
    await step(t.id, "vote", { decision: "approve", as_role: "red_lead" });
    const done = await step(t.id, "vote", { decision: "approve", as_role: "blue_lead" });
    assert(done.state === "validated", `the seeded test is ${done.state}`);
    return t;
  }

  /** The gap row of `controlId` on the open gap view: its coverage attribute and its text. */
  async function gapRow(page, controlId) {
    const row = page.locator(`tr[data-gap-control="${controlId}"]`);
    await row.waitFor();
    const bar = row.getByTestId("coverage-bar");
    return { row, coverage: await bar.getAttribute("data-coverage"), text: await row.innerText() };
  }

  return [
    {
      name: "defense: admin imports a CIS-style CSV on Compliance (a malformed one refused by row), a validated test moves a control's gap entry",
      guard: () => hasPaths("/api/v1/compliance/frameworks/import", "/api/v1/compliance/{fid}/gaps"),
      run: async () => {
        const [a, b] = await uncoveredTechniques();
        const name = `CIS Controls ${RUN_ID}`;
        const fid = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
        const csv = [
          "control_id,control_name,technique_id,mapping_type",
          `1.1,Establish and Maintain Detailed Enterprise Asset Inventory,${a.attack_id},protects`,
          `1.1,Establish and Maintain Detailed Enterprise Asset Inventory,${b.attack_id},protects`,
          `2.1,Establish and Maintain a Software Inventory,${b.attack_id},`,
          "",
        ].join("\n");
        const malformed = ["control_id,control_name,technique_id", `1.1,Asset Inventory,${a.attack_id}`, ",No id,T1001", "2.1,Software,not-a-technique", ""].join("\n");

        await withSession("defense-compliance", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto("/");
          await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" }).click();
          await page.getByRole("heading", { name: "Compliance", level: 1 }).waitFor();
          await settled(page);

          // A malformed file: every bad row named by its number, nothing written.
          await page.getByRole("button", { name: "Import framework" }).click();
          const dialog = page.getByRole("dialog", { name: "Import a compliance framework" });
          await dialog.getByLabel("Framework name").fill(name);
          await dialog.getByLabel("File").setInputFiles({ name: "cis-bad.csv", mimeType: "text/csv", buffer: Buffer.from(malformed) });
          await dialog.getByRole("button", { name: "Import framework" }).click();
          const refused = dialog.getByRole("list", { name: "Rows refused" });
          await refused.waitFor();
          const rows = await refused.getByRole("listitem").allInnerTexts();
          assert(rows.length === 2 && rows[0].startsWith("Row 3") && rows[1].startsWith("Row 4"), `the refused rows shown: ${rows.join(" | ")}`);
          await screenshot(page, "50-compliance-import-refused");
          const none = await apiRaw(`/api/v1/compliance/frameworks/${fid}`, { token: adminToken });
          assert(none.status === 404, `a refused import wrote the framework (${none.status})`);

          // The good file: the framework's page, with its controls and coverage bars.
          await dialog.getByLabel("File").setInputFiles({ name: "cis.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
          await dialog.getByRole("button", { name: "Import framework" }).click();
          await page.locator('[data-toast="success"]', { hasText: `${name} imported: 2 controls` }).waitFor();
          await page.waitForURL((u) => u.pathname === `/compliance/${fid}`);
          await page.getByRole("heading", { name, level: 1 }).waitFor();
          const controls = page.getByRole("table", { name: "Controls" });
          await controls.locator('tr[data-control-id="1.1"]').getByTestId("coverage-bar").waitFor();
          await controls.locator('tr[data-control-id="2.1"]').waitFor();

          // The gap view before: 1.1 maps two not-covered techniques, 0%.
          await page.getByRole("tab", { name: "Gap analysis" }).click();
          await page.waitForURL((u) => u.searchParams.get("view") === "gaps");
          const before = await gapRow(page, "1.1");
          assert(before.coverage === "0", `1.1 starts at ${before.coverage}%`);
          assert(before.text.includes("0% covered: 2 not covered of 2 mapped techniques"), `1.1's words: ${before.text}`);
          assert(before.text.includes(a.attack_id) && before.text.includes(b.attack_id), "1.1 does not list both uncovered techniques");
          await screenshot(page, "51-compliance-gaps-before");
        });

        // A test on the first technique, validated with an alert: 1.1 rises to 50%.
        await validatedTest(a.attack_id, `Compliance gap ${RUN_ID}`);
        const report = await api(`/api/v1/compliance/${fid}/gaps`, { token: adminToken });
        const entry = report.controls.find((c) => c.control_id === "1.1");
        assert(entry.coverage_pct === 50 && entry.validated === 1, `the API's 1.1 after validating: ${JSON.stringify(entry)}`);

        await withSession("defense-compliance-after", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto(`/compliance/${fid}?view=gaps`);
          await page.getByRole("heading", { name, level: 1 }).waitFor();
          const after = await gapRow(page, "1.1");
          assert(after.coverage === "50", `1.1 shows ${after.coverage}% after the validation`);
          assert(after.text.includes("50% covered: 1 validated and 1 not covered of 2 mapped techniques"), `1.1's words after: ${after.text}`);
          const uncovered = await after.row.getByRole("list", { name: "Uncovered techniques of 1.1" }).innerText();
          assert(!uncovered.includes(a.attack_id) && uncovered.includes(b.attack_id), `1.1's uncovered techniques: ${uncovered}`);
          // Worst first: 2.1 (0%) now comes before 1.1 (50%).
          const order = await page.locator("tr[data-gap-control]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-gap-control")));
          assert(order.indexOf("2.1") < order.indexOf("1.1"), `the gap view's order: ${order.join(", ")}`);
          await page.getByTestId("gap-summary").getByText(/of 2 distinct techniques covered over 2 controls/).waitFor();
          await screenshot(page, "52-compliance-gaps-after");

          // The control's detail names its techniques with their status, linking to them.
          await page.locator('tr[data-gap-control="1.1"]').getByRole("link", { name: /^1\.1 / }).click();
          const mapped = page.getByRole("table", { name: "Mapped techniques" });
          await mapped.locator(`tr[data-technique="${a.attack_id}"]`).getByText("Validated").waitFor();
          await mapped.getByRole("link", { name: new RegExp(b.attack_id) }).waitFor();

          // An admin deletes the imported framework.
          await page.goto("/compliance");
          await page.getByRole("button", { name: `Delete ${name}` }).click();
          await page.getByRole("alertdialog", { name: `Delete “${name}”?` }).getByRole("button", { name: "Delete framework" }).click();
          await page.locator('[data-toast="success"]', { hasText: `${name} deleted` }).waitFor();
        });
        const gone = await apiRaw(`/api/v1/compliance/frameworks/${fid}`, { token: adminToken });
        assert(gone.status === 404, `the deleted framework still answers ${gone.status}`);
      },
    },
    {
      name: "defense: a blue tech records a Sigma rule's outcome in the blue form and the test shows it",
      guard: () => hasPaths("/api/v1/detection-rules", "/api/v1/data-sources/{id}/import"),
      run: async () => {
        // Any current technique: the rule only has to map it (the compliance scenario may have
        // covered it already).
        const techniques = await api("/api/v1/techniques?subtechniques=false&limit=50", { token: adminToken });
        const technique = techniques.items.find((t) => !t.deprecated && !t.revoked);
        assert(technique, "the catalog has no current technique");
        const ruleTitle = `Aegis browser rule ${RUN_ID}`;
        const sigmaId = randomUUID();
        // A tiny SigmaHQ archive, posted as the data source's import body.
        const archive = tarGz({ [`rules/windows/process_creation/proc_creation_win_aegis_${RUN_ID}.yml`]: sigmaRule({ id: sigmaId, title: ruleTitle, technique: technique.attack_id }) });
        const res = await fetch(`${BASE}/api/v1/data-sources/sigma/import?filename=x.tar.gz`, {
          method: "POST",
          headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/octet-stream" },
          body: archive,
        });
        const started = await res.json();
        assert(res.status === 202 || res.status === 200, `the Sigma import answered ${res.status}: ${started.detail ?? ""}`);
        let run = null;
        for (let i = 0; i < 120; i++) {
          run = await api(`/api/v1/data-sources/runs/${started.run_id}`, { token: adminToken });
          if (run.status === "succeeded" || run.status === "failed") break;
          await new Promise((r) => setTimeout(r, 500));
        }
        assert(run?.status === "succeeded", `the Sigma import run ${run?.status}: ${run?.error ?? ""}`);
        const found = await api(`/api/v1/detection-rules?source=sigma&q=${encodeURIComponent(RUN_ID)}`, { token: adminToken });
        const rule = found.items.find((r) => r.title === ruleTitle);
        assert(rule && rule.technique_ids.includes(technique.attack_id), `the imported rule: ${JSON.stringify(found.items)}`);

        // A test of the technique gets the rule attached; admin takes it to blue evaluation.
        const test = await api("/api/v1/tests", { token: adminToken, method: "POST", json: { title: `Rule outcome ${RUN_ID}`, technique_id: technique.attack_id, severity: "medium", procedure: "aegis-browser-test.exe" } });
        assert((test.rules ?? []).some((r) => r.rule_id === rule.id && r.mapped), `the new test did not attach the rule: ${JSON.stringify(test.rules)}`);
        await step(test.id, "start-execution", {});
        await step(test.id, "submit-red", { executed: true, succeeded: true, executed_at: minutesAgo(10), notes: "Ran it." });

        const blue = await seedUser(adminToken, "blue_tech", "ruleblue");
        await withSession("defense-rule-outcome", async (page, session) => {
          await useToken(session, await tokenFor(blue.username, blue.password));
          await page.goto(`/tests/${test.id}`);
          const form = page.getByRole("form", { name: "Blue team results" });
          await form.waitFor();
          const group = form.getByRole("group", { name: new RegExp(ruleTitle) });
          for (const radio of await group.getByRole("radio").all()) assert(!(await radio.isChecked()), "a rule outcome is chosen beforehand");
          await form.getByLabel("Result", { exact: true }).selectOption("alerted");
          await form.getByLabel("Alert or rule name").fill(ruleTitle);
          await form.getByLabel("Detected at").fill(
            (() => {
              const d = new Date(Date.now() - 5 * 60_000);
              const pad = (n) => String(n).padStart(2, "0");
              return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
            })(),
          );
          const summary = form.getByTestId("blue-summary");
          await summary.getByText(`Not reported: “${ruleTitle}”`).waitFor();
          await group.getByRole("radio", { name: "Fired" }).check();
          await summary.getByText(`Fired: “${ruleTitle}”`).waitFor();
          await screenshot(page, "53-blue-form-rule-outcome");
          await form.getByRole("button", { name: "Submit blue results" }).click();
          await page.locator('[data-toast="success"]', { hasText: "Blue results submitted" }).waitFor();
          const outcomes = page.getByRole("list", { name: "Detection rule outcomes" });
          await outcomes.locator('[data-rule-outcome="fired"]').getByRole("link", { name: ruleTitle }).waitFor();
        });
        const after = await api(`/api/v1/tests/${test.id}`, { token: adminToken });
        assert(after.state === "in_review", `the test is ${after.state}`);
        assert(JSON.stringify(after.blue.rule_outcomes) === JSON.stringify([{ rule_id: rule.id, outcome: "fired" }]), `rule_outcomes: ${JSON.stringify(after.blue.rule_outcomes)}`);

        // The technique page lists the rule by source with its latest outcome.
        await withSession("defense-technique-rules", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto(`/techniques/${technique.attack_id}`);
          const rules = page.getByRole("region", { name: /^Detection rules/ });
          const row = rules.locator(`li[data-rule-id="${rule.id}"]`);
          await row.getByText("Fired").waitFor();
          await screenshot(page, "54-technique-rules");
        });
      },
    },
  ];
}
