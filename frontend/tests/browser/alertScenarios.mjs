// Browser scenario of alert rules (features/alert-rules), spread into run.mjs's list:
// `...alertScenarios(helpers)`. The admin creates a rule that surely holds (the organisation
// score below 100, for the admin role) on the Alert rules screen, after the server refused an
// out-of-range threshold next to its field; the dry run says it would fire; "Evaluate now" runs
// the evaluation job, and the firing reaches the bell (an `alert_fired` notification) and the
// rule's page. The rule is deleted at the end (its firing stays), so later runs of the job fire
// nothing for it. Names carry the run's id.

/**
 * @param {object} h the helpers run.mjs has: RUN_ID, adminToken, api, apiRaw, assert,
 *   withSession, screenshot, settled, useToken
 */
export function alertScenarios(h) {
  const { RUN_ID, adminToken, api, apiRaw, assert, withSession, screenshot, settled, useToken } = h;

  const guard = async () => {
    const doc = await api("/api/v1/openapi.json");
    const paths = Object.keys(doc.paths ?? {});
    return paths.includes("/api/v1/alert-rules") && paths.includes("/api/v1/system/jobs/alert-evaluation") ? null : "the server has no alert rules yet";
  };

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /** The admin's `alert_fired` notifications naming `name`. */
  async function firedNotifications(name) {
    const page = await api("/api/v1/notifications?limit=100", { token: adminToken });
    return page.items.filter((n) => n.kind === "alert_fired" && n.message.includes(name));
  }

  /**
   * Presses "Evaluate now" until a run starts: a scheduled run may hold the lease for a moment
   * (409, said in a toast), then another is started once it is over.
   */
  async function evaluateNow(page) {
    for (let attempt = 0; attempt < 10; attempt++) {
      await page.getByRole("button", { name: "Evaluate now" }).click();
      const started = page.locator('[data-toast="success"]', { hasText: "Evaluation started" });
      const busy = page.locator('[data-toast="error"]', { hasText: "already running" });
      await Promise.race([started.first().waitFor(), busy.first().waitFor()]);
      if (await started.count()) return;
      console.log("      (an evaluation holds the lease: trying again in 3 s)");
      for (const close of await page.getByRole("button", { name: "Dismiss notification" }).all()) await close.click().catch(() => {});
      await sleep(3000);
    }
    throw new Error("no evaluation could be started: the lease stayed taken");
  }

  return [
    {
      name: "alert rules: admin creates a rule (a refused threshold shown at its field), the dry run says it fires, Evaluate now fires it into the bell and onto the rule's page",
      guard,
      run: async () => {
        const name = `Organisation below 100 ${RUN_ID}`;
        let ruleId = null;
        try {
          await withSession("alert-rules", async (page, session) => {
            await useToken(session, adminToken);
            await page.goto("/");
            await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alert rules" }).click();
            await page.getByRole("heading", { name: "Alert rules", level: 1 }).waitFor();
            await settled(page);

            // The form: the organisation score, typed threshold, the admin role as recipient.
            await page.getByRole("button", { name: "New rule" }).first().click();
            const dialog = page.getByRole("dialog", { name: "New alert rule" });
            await dialog.getByLabel("Name").fill(name);
            await dialog.getByLabel("What to watch").selectOption("org_score_below");
            await dialog.getByLabel("Score threshold").fill("150");
            await dialog.getByLabel("Severity").selectOption("high");
            await dialog.getByLabel("Administrator").check();
            await dialog.getByRole("button", { name: "Create rule" }).click();
            // Out of range: refused by the server, its message under the threshold.
            await dialog.locator("#rule-threshold-error").filter({ hasText: "0 to 100" }).waitFor();
            assert((await dialog.getByLabel("Score threshold").getAttribute("aria-invalid")) === "true", "the refused threshold is not marked invalid");
            await screenshot(page, "29-alert-rule-form-refused");
            await dialog.getByLabel("Score threshold").fill("100");
            await dialog.getByRole("button", { name: "Create rule" }).click();
            await page.locator('[data-toast="success"]', { hasText: `Created “${name}”` }).waitFor();
            await page.waitForURL(/\/alert-rules\/[0-9a-f-]{36}$/);
            ruleId = new URL(page.url()).pathname.split("/").pop();
            await page.getByRole("heading", { name, level: 1 }).waitFor();
            const rule = await api(`/api/v1/alert-rules/${ruleId}`, { token: adminToken });
            assert(
              rule.condition.kind === "org_score_below" && rule.condition.threshold === 100 && rule.recipients.roles.join() === "admin" && rule.severity === "high",
              `the server holds ${JSON.stringify(rule)}`,
            );
            await page.getByRole("region", { name: "Rule" }).getByText("Organisation score below 100").waitFor();

            // The dry run: it holds and, never fired, would fire now; nothing is recorded.
            await page.getByRole("button", { name: "Dry run" }).click();
            const result = page.getByTestId("dry-run-result");
            await result.waitFor();
            assert((await result.getAttribute("data-would-fire")) === "true", `the dry run says: ${await result.innerText()}`);
            await result.getByText("Would fire now").waitFor();
            await page.getByRole("list", { name: "What the dry run matched" }).getByText("Organisation", { exact: true }).waitFor();
            const afterDryRun = await api(`/api/v1/alert-rules/${ruleId}/events`, { token: adminToken });
            assert(afterDryRun.items.length === 0, "the dry run recorded a firing");
            assert((await firedNotifications(name)).length === 0, "the dry run notified someone");
            await screenshot(page, "30-alert-rule-dry-run");

            // Evaluate now: the run is followed until the job reports it.
            await evaluateNow(page);
            const status = page.getByTestId("evaluation-status");
            await status.and(page.locator('[data-state="succeeded"], [data-state="failed"], [data-state="unknown"]')).waitFor({ timeout: 150_000 });
            assert((await status.getAttribute("data-state")) !== "failed", `the evaluation failed: ${await status.innerText()}`);

            // The bell shows the alert_fired notification: read again when the run ends; the
            // page is reloaded meanwhile (for a run not seen to end), for a minute at most.
            const bell = page.getByRole("button", { name: /^Notifications/ });
            const panel = page.getByRole("region", { name: "Notifications" });
            const group = panel.locator('li[data-kind="alert_fired"]');
            const item = group.getByRole("button", { name: new RegExp(name) });
            for (let i = 0; ; i++) {
              await bell.click();
              await panel.waitFor();
              await settled(page);
              if (await item.count()) break;
              assert(i < 30, "the bell never showed the alert_fired notification");
              await sleep(2000);
              await page.reload();
              await page.getByRole("heading", { name, level: 1 }).waitFor();
            }
            await group.getByText("Alert fired").first().waitFor();
            assert(/\[high\]/.test(await item.first().innerText()), `the notification does not say the severity: ${await item.first().innerText()}`);
            await page.getByTestId("unread-count").waitFor();
            await screenshot(page, "31-alert-fired-bell");
            await page.keyboard.press("Escape");

            // The rule's page lists the firing with what matched.
            const firings = page.getByRole("table", { name: "Firings of the rule" });
            await firings.waitFor();
            const row = firings.locator("tr[data-event]").first();
            await row.getByText("Organisation", { exact: true }).waitFor();
            assert(/organisation score [\d.]+ is below the threshold 100/.test(await row.innerText()), `the firing says: ${await row.innerText()}`);
            await screenshot(page, "32-alert-rule-fired");

            // The notification leads to the firings of every rule.
            await bell.click();
            await item.first().click();
            await page.waitForURL(/\/alert-rules#firings$/);
            await page.getByRole("table", { name: "Recent firings" }).getByRole("link", { name }).first().waitFor();
            await page.getByRole("table", { name: "Alert rules" }).locator(`tr[data-rule="${ruleId}"]`).getByText("just now").or(
              page.getByRole("table", { name: "Alert rules" }).locator(`tr[data-rule="${ruleId}"]`).getByText(/min ago$/),
            ).waitFor();
            await screenshot(page, "33-alert-rules");
          });
          // The API agrees: one firing, one notification for the admin.
          const events = await api(`/api/v1/alert-rules/${ruleId}/events`, { token: adminToken });
          assert(events.items.length === 1 && events.items[0].notified >= 1, `the rule has ${events.items.length} firings: ${JSON.stringify(events.items)}`);
          assert((await firedNotifications(name)).length === 1, "the admin does not have exactly one notification of the firing");
        } finally {
          if (ruleId) await apiRaw(`/api/v1/alert-rules/${ruleId}`, { token: adminToken, method: "DELETE" });
        }
      },
    },
  ];
}
