// Browser scenario of alert rules (features/alert-rules), spread into run.mjs's list:
// `...alertScenarios(helpers)`. The admin creates a rule that surely holds (the organisation
// score below 100, for the admin role) on the Alert rules screen, after the server refused an
// out-of-range threshold next to its field; the dry run says it would fire; "Evaluate now" runs
// the evaluation job, and the firing reaches the bell (an `alert_fired` notification) and the
// rule's page; the kind is muted and unmuted in the bell (the server keeps it), and the
// notification leads to the rule's own firings. The rule is deleted at the end (its firing
// stays), so later runs of the job fire nothing for it. Names carry the run's id.
//
// Webhook channels: the admin is refused a channel to a private address (the message under the
// URL field), creates one to a public name (`hooks.example.com`, which does not answer from the
// test machine: that is the point), sees its secret once, presses "Send test" and sees the failed
// delivery with its error on the channel. Intel: the admin tracks a threat actor on the actors
// page (the Tracked mark, the tracked-only filter) and starts an intel scan from the MITRE Sync
// screen's "What changed for our actors".

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

  const channelGuard = async () => {
    const doc = await api("/api/v1/openapi.json");
    return Object.keys(doc.paths ?? {}).includes("/api/v1/alert-channels") ? null : "the server has no webhook channels yet";
  };

  const intelGuard = async () => {
    const doc = await api("/api/v1/openapi.json");
    const paths = Object.keys(doc.paths ?? {});
    return paths.includes("/api/v1/intel/changes") && paths.includes("/api/v1/threat-actors/{id}/tracked") ? null : "the server has no intel scan yet";
  };

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

            // Muting the kind is kept by the server: the group leaves the bell and the server
            // agrees; unmuted, it is back (the finally below unmutes should this step fail).
            await bell.click();
            await panel.getByRole("button", { name: "Mute “Alerts fired”" }).click();
            await group.waitFor({ state: "detached" });
            const muted = await api("/api/v1/notifications/preferences", { token: adminToken });
            assert(muted.muted_kinds.includes("alert_fired"), `the server's preferences are ${JSON.stringify(muted)}`);
            assert((await firedNotifications(name)).length === 0, "the server still lists a muted kind");
            await panel.getByRole("button", { name: "Unmute “Alerts fired”" }).click();
            await group.waitFor();
            await page.keyboard.press("Escape");

            // The notification names its rule and leads to that rule's firings.
            await bell.click();
            await item.first().click();
            await page.waitForURL(new RegExp(`/alert-rules/${ruleId}#firings$`));
            await page.getByRole("table", { name: "Firings of the rule" }).locator("tr[data-event]").first().waitFor();
            // …brought into focus (a wait, not a check: the page may still be settling).
            await page.waitForFunction(() => document.activeElement?.id === "firings", null, { timeout: 10_000 });

            // The list of rules: every rule's firings, and this rule's last firing.
            await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alert rules" }).click();
            await page.getByRole("heading", { name: "Alert rules", level: 1 }).waitFor();
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
          const prefs = await apiRaw("/api/v1/notifications/preferences", { token: adminToken });
          if (prefs.status === 200 && prefs.body.muted_kinds?.includes("alert_fired")) {
            const rest = prefs.body.muted_kinds.filter((k) => k !== "alert_fired");
            await apiRaw("/api/v1/notifications/preferences", { token: adminToken, method: "PUT", json: { muted_kinds: rest } });
          }
          if (ruleId) await apiRaw(`/api/v1/alert-rules/${ruleId}`, { token: adminToken, method: "DELETE" });
        }
      },
    },
    {
      name: "webhook channels: a private address is refused under the URL field; a public one is created, its secret shown once; Send test fails and the channel shows the error",
      guard: channelGuard,
      run: async () => {
        const name = `SOC receiver ${RUN_ID}`;
        let channelId = null;
        try {
          await withSession("alert-channels", async (page, session) => {
            await useToken(session, adminToken);
            await page.goto("/");
            await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhook channels" }).click();
            await page.getByRole("heading", { name: "Webhook channels", level: 1 }).waitFor();
            await settled(page);
            await page.getByRole("region", { name: "Verifying a delivery" }).getByText("X-Aegis-Signature", { exact: true }).waitFor();

            // A private address: refused by the server, its message under the URL field.
            await page.getByRole("button", { name: "New channel" }).first().click();
            const dialog = page.getByRole("dialog", { name: "New webhook channel" });
            await dialog.getByLabel("Name").fill(name);
            await dialog.getByLabel("URL").fill("https://10.0.0.5/hook");
            await dialog.getByRole("button", { name: "Create channel" }).click();
            const urlError = dialog.locator("#channel-url-error");
            await urlError.filter({ hasText: "10.0.0.5 is not a public address" }).waitFor();
            assert((await dialog.getByLabel("URL").getAttribute("aria-invalid")) === "true", "the refused URL is not marked invalid");
            assert(/public addresses only/.test(await urlError.innerText()), `the refusal is not explained: ${await urlError.innerText()}`);
            await screenshot(page, "34-alert-channel-private-address");

            // A public name: created; the secret is shown this once.
            await dialog.getByLabel("URL").fill("https://hooks.example.com/aegis");
            await dialog.getByRole("button", { name: "Create channel" }).click();
            const shown = page.getByRole("dialog", { name: `Channel “${name}” created` });
            await shown.waitFor();
            const secret = (await shown.getByTestId("channel-secret").innerText()).trim();
            assert(secret.length >= 16, `the secret shown is "${secret}"`);
            await shown.getByRole("note").filter({ hasText: "it will not be shown again" }).waitFor();
            await shown.getByRole("button", { name: "Copy secret" }).waitFor();
            await screenshot(page, "35-alert-channel-secret");
            const listed = await api("/api/v1/alert-channels", { token: adminToken });
            const created = listed.items.find((c) => c.name === name);
            assert(created && created.url === "https://hooks.example.com/aegis", `the server holds ${JSON.stringify(listed.items)}`);
            channelId = created.id;
            assert(!JSON.stringify(listed).includes(secret), "the channel list carries the secret");
            await shown.getByRole("button", { name: "Done" }).click();
            await page.waitForURL(new RegExp(`/alert-channels/${channelId}$`));
            await page.getByRole("heading", { name, level: 1 }).waitFor();
            assert((await page.getByText(secret).count()) === 0, "the secret is still on the page after the dialog closed");

            // Send test: the name does not answer from here, so the delivery fails after its
            // attempts, and the channel says why.
            await page.getByRole("button", { name: "Send test" }).click();
            const result = page.getByTestId("test-result");
            await result.waitFor({ timeout: 120_000 });
            assert((await result.getAttribute("data-state")) === "failed", `the test delivery is ${await result.getAttribute("data-state")}: ${await result.innerText()}`);
            const said = await result.innerText();
            assert(/Failed after \d+ attempts?/.test(said), `the result does not give the attempts: ${said}`);
            const lastError = page.getByRole("region", { name: "Health" }).getByTestId("channel-last-error");
            await lastError.waitFor();
            const deliveries = await api(`/api/v1/alert-channels/${channelId}/deliveries`, { token: adminToken });
            const delivery = deliveries.items[0];
            assert(delivery && delivery.state === "failed" && delivery.error, `the delivery recorded: ${JSON.stringify(deliveries.items)}`);
            assert((await lastError.innerText()).includes(delivery.error), `the channel does not show the error "${delivery.error}": ${await lastError.innerText()}`);
            assert(said.includes(delivery.error), `the test result does not show the error "${delivery.error}"`);
            await page.getByRole("table", { name: "Deliveries" }).locator(`tr[data-delivery="${delivery.id}"][data-state="failed"]`).getByText("Test message", { exact: true }).waitFor();
            await screenshot(page, "36-alert-channel-test-failed");

            // The list shows the failing channel's error too.
            await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Webhook channels" }).click();
            const row = page.getByRole("table", { name: "Webhook channels" }).locator(`tr[data-channel="${channelId}"]`);
            await row.getByTestId("channel-last-error").filter({ hasText: delivery.error }).waitFor();
            await row.getByText("Last delivery failed").first().waitFor();
            await screenshot(page, "37-alert-channels");
          });
        } finally {
          if (channelId) await apiRaw(`/api/v1/alert-channels/${channelId}`, { token: adminToken, method: "DELETE" });
        }
      },
    },
    {
      name: "intel: admin tracks a threat actor (Tracked mark, tracked-only filter) and starts an intel scan from the MITRE Sync screen",
      guard: intelGuard,
      run: async () => {
        const actors = await api("/api/v1/threat-actors?limit=50", { token: adminToken });
        const actor = actors.items.find((a) => !a.tracked && !a.revoked && !a.deprecated) ?? actors.items.find((a) => !a.tracked);
        assert(actor, "the catalog has no untracked threat actor");
        try {
          await withSession("intel", async (page, session) => {
            await useToken(session, adminToken);
            await page.goto("/threat-actors");
            await page.getByRole("heading", { name: "Threat Actors", level: 1 }).waitFor();
            await settled(page);
            const card = page.locator(`li[data-actor="${actor.attack_id}"]`);
            await card.getByRole("button", { name: `Track ${actor.name}` }).click();
            await page.locator('[data-toast="success"]', { hasText: `Tracking ${actor.name}` }).waitFor();
            await card.getByText("Tracked", { exact: true }).waitFor();
            await card.getByRole("button", { name: `Untrack ${actor.name}` }).waitFor();
            const held = await api(`/api/v1/threat-actors/${actor.attack_id}`, { token: adminToken });
            assert(held.tracked === true, `the server says the actor is ${held.tracked ? "" : "not "}tracked`);
            // The box follows the URL, which the router updates in a transition: click, then wait
            // for the URL and the box (check() asserts the state the instant after its click).
            await page.getByLabel("Tracked only").click();
            await page.waitForURL(/\/threat-actors\?tracked=true$/);
            await page.locator("#actor-tracked-only:checked").waitFor();
            await settled(page);
            await card.waitFor();
            for (const other of await page.locator("li[data-actor]").all()) {
              assert((await other.getAttribute("data-tracked")) === "true", `the tracked-only list shows ${await other.getAttribute("data-actor")}, not tracked`);
            }
            await screenshot(page, "38-threat-actors-tracked");

            // The actor's page shows the mark too.
            await card.getByRole("link").first().click();
            await page.getByRole("heading", { level: 1 }).filter({ hasText: actor.attack_id }).waitFor();
            await page.getByRole("main").getByText("Tracked", { exact: true }).first().waitFor();

            // The intel section of the MITRE Sync screen, and a scan started from it.
            await page.goto("/system");
            await page.getByRole("heading", { name: "MITRE Sync", level: 1 }).waitFor();
            const intel = page.getByRole("region", { name: "What changed for our actors" });
            await intel.waitFor();
            await settled(page);
            await intel.getByRole("button", { name: "Scan now" }).click();
            await page.locator('[data-toast="success"]', { hasText: "Intel scan started" }).waitFor();
            const status = intel.getByTestId("intel-scan-status");
            await status.and(page.locator('[data-state="succeeded"], [data-state="failed"], [data-state="unknown"]')).waitFor({ timeout: 150_000 });
            assert((await status.getAttribute("data-state")) === "succeeded", `the intel scan ended ${await status.getAttribute("data-state")}: ${await status.innerText()}`);
            const view = await api("/api/v1/intel/changes", { token: adminToken });
            assert(view.scanned_at && view.to_release, `the intel view after the scan: ${JSON.stringify(view)}`);
            assert(view.tracked.includes(actor.attack_id), `the intel view does not list ${actor.attack_id} as tracked`);
            const releases = intel.getByTestId("intel-releases");
            await releases.filter({ hasText: `ATT&CK ${view.from_release ? `${view.from_release} → ` : ""}${view.to_release}` }).waitFor();
            await intel.getByLabel("Tracked only").check();
            await settled(page);
            if (view.actors.some((a) => a.actor === actor.attack_id)) {
              await intel.locator(`li[data-actor="${actor.attack_id}"]`).getByText("Tracked").waitFor();
            } else {
              await intel.getByRole("link", { name: actor.attack_id }).or(intel.getByText(/Baseline recorded|Nothing changed for tracked actors/)).first().waitFor();
            }
            await screenshot(page, "39-system-intel");
          });
        } finally {
          await apiRaw(`/api/v1/threat-actors/${actor.attack_id}/tracked`, { token: adminToken, method: "PUT", json: { tracked: false } });
        }
      },
    },
  ];
}

/**
 * Run after the scenario that upgrades the catalog to the fixture's next release (1.1 → 1.2, in
 * which "Fixture Panda" gains T1005): the intel scan that follows the sync shows the gain, with
 * our coverage, on the MITRE Sync screen.
 *
 * @param {object} h the helpers run.mjs has: adminToken, api, assert, withSession, screenshot,
 *   settled, useToken
 */
export function afterUpgradeScenarios(h) {
  const { adminToken, api, assert, withSession, screenshot, settled, useToken } = h;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  return [
    {
      name: "intel: after the ATT&CK upgrade the MITRE Sync screen shows what the release changed for each actor (gains linked, with our coverage)",
      guard: async () => {
        const doc = await api("/api/v1/openapi.json");
        return Object.keys(doc.paths ?? {}).includes("/api/v1/intel/changes") ? null : "the server has no intel scan yet";
      },
      run: async () => {
        // The scan follows the sync that brought the release: wait for it to record the change.
        let view = null;
        for (let i = 0; i < 60; i++) {
          view = await api("/api/v1/intel/changes", { token: adminToken });
          if (view.from_release && view.to_release && view.from_release !== view.to_release) break;
          await sleep(1000);
        }
        assert(view.from_release && view.to_release !== view.from_release, `the intel scan recorded no release change: ${JSON.stringify(view)}`);
        const changed = view.actors.find((a) => a.gained.length > 0);
        assert(changed, `no actor gained a technique from ${view.from_release} to ${view.to_release}: ${JSON.stringify(view.actors)}`);
        const gain = changed.gained[0];
        await withSession("intel-changes", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto("/system");
          const intel = page.getByRole("region", { name: "What changed for our actors" });
          await intel.getByTestId("intel-releases").filter({ hasText: `ATT&CK ${view.from_release} → ${view.to_release}` }).waitFor();
          await settled(page);
          const actor = intel.locator(`li[data-actor="${changed.actor}"]`);
          const row = actor.getByRole("list", { name: `Techniques ${changed.name} gained` }).locator(`li[data-technique="${gain.technique}"]`);
          const link = row.getByRole("link");
          assert((await link.getAttribute("href")) === `/techniques/${gain.technique}`, `the gain links to ${await link.getAttribute("href")}`);
          const labels = { validated: "Validated", partial: "Partial", in_progress: "In progress", not_covered: "Not covered" };
          await row.getByText(labels[gain.status], { exact: true }).waitFor();
          await screenshot(page, "40-system-intel-changes");
          await link.click();
          await page.waitForURL(new RegExp(`/techniques/${gain.technique.replace(".", "\\.")}$`));
        });
      },
    },
  ];
}
