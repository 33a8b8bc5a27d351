// Browser scenario of campaigns (features/campaigns), spread into run.mjs's list:
// `...campaignScenarios(helpers)`. A red lead creates a campaign from a threat actor of the
// catalog the runner holds (the actor with the fewest current techniques, found through the
// API), checks the preview against the server's counts, starts it; one of its tests goes through
// the workflow (red tech, blue tech, both leads' votes) on the test page; the lead completes the
// campaign and reads the completion summary. Names carry the run's id.

/**
 * @param {object} h the helpers run.mjs has: RUN_ID, adminToken, api, apiRaw, assert,
 *   withSession, screenshot, seedUser, settled, tokenFor, useToken
 */
export function campaignScenarios(h) {
  const { RUN_ID, adminToken, api, assert, withSession, screenshot, seedUser, settled, tokenFor, useToken } = h;

  const guard = async () => {
    const doc = await api("/api/v1/openapi.json");
    return Object.keys(doc.paths ?? {}).includes("/api/v1/campaigns/from-threat-actor") ? null : "the server has no /api/v1/campaigns yet";
  };

  /** The current techniques of an actor as the heatmap filtered to it shows them (not the context parents). */
  async function currentTechniques(actorId) {
    const m = await api(`/api/v1/heatmap?threat_actor=${encodeURIComponent(actorId)}`, { token: adminToken });
    const ids = new Set();
    for (const col of m.tactics) {
      for (const cell of col.techniques) {
        if (!cell.context_only) ids.add(cell.attack_id);
        for (const s of cell.subtechniques) if (!s.context_only) ids.add(s.attack_id);
      }
    }
    return ids;
  }

  /** The actor with the fewest current techniques (at least one): a small campaign to take through. */
  async function smallActor() {
    const found = [];
    let cursor;
    do {
      const page = await api(`/api/v1/threat-actors?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: adminToken });
      found.push(...page.items.filter((a) => a.technique_count > 0 && !a.revoked && !a.deprecated));
      cursor = page.next_cursor;
    } while (cursor);
    found.sort((a, b) => a.technique_count - b.technique_count || a.attack_id.localeCompare(b.attack_id));
    for (const a of found.slice(0, 20)) {
      const ids = await currentTechniques(a.attack_id);
      if (ids.size > 0) return { ...a, current: ids };
    }
    return null;
  }

  const toast = (page, text) => page.locator('[data-toast="success"]', { hasText: text }).waitFor();

  return [
    {
      name: "campaign: a lead creates one from a threat actor (preview, then the server's counts), a test of it goes through the workflow, the lead completes it and reads the summary",
      guard,
      run: async () => {
        const actor = await smallActor();
        assert(actor, "no threat actor of the catalog has a current technique");
        const lead = await seedUser(adminToken, "red_lead", "camplead");
        const blueLead = await seedUser(adminToken, "blue_lead", "campblue");
        const red = await seedUser(adminToken, "red_tech", "campred");
        const blue = await seedUser(adminToken, "blue_tech", "campbluetech");
        const leadToken = await tokenFor(lead.username, lead.password);
        const name = `Campaign ${RUN_ID} emulating ${actor.attack_id}`;
        let campaignId = "";

        // The lead builds it from the actor: the preview first, then the server's own counts.
        await withSession("campaign-create", async (page, session) => {
          await useToken(session, leadToken);
          await page.goto("/");
          await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns" }).click();
          await page.getByRole("heading", { name: "Campaigns", level: 1 }).waitFor();
          await page.getByRole("link", { name: "New campaign" }).click();
          await page.getByRole("tab", { name: "From a threat actor" }).click();
          await page.getByLabel("Find a threat actor").fill(actor.attack_id);
          const choice = page.getByLabel(/^Threat actor/);
          await choice.locator(`option[value="${actor.attack_id}"]`).waitFor({ state: "attached" });
          await choice.selectOption(actor.attack_id);
          const summary = page.getByTestId("preview-summary");
          await summary.filter({ hasText: /\d+ tests? in \d+ phases?: \d+ from an active template/ }).waitFor({ timeout: 30_000 });
          const previewed = Number((await summary.innerText()).match(/^(\d+) tests?/)[1]);
          assert(previewed === actor.current.size, `the preview announces ${previewed} tests, the actor has ${actor.current.size} current techniques`);
          const withTemplate = Number((await summary.innerText()).match(/: (\d+) from an active template/)[1]);
          await page.getByLabel("Campaign name").fill(name);
          await screenshot(page, "40-campaign-from-actor-preview");
          await page.getByRole("button", { name: "Create campaign from threat actor" }).click();
          const result = page.getByTestId("from-actor-result");
          await result.waitFor({ timeout: 30_000 });
          const text = await result.innerText();
          const [, tests, fromTemplate] = text.match(/(\d+) tests? created, (\d+) from a template/) ?? [];
          assert(Number(tests) === previewed, `the server created ${tests} tests, the preview said ${previewed}`);
          assert(Number(fromTemplate) === withTemplate, `the server used ${fromTemplate} templates, the preview found ${withTemplate}`);
          await page.getByRole("link", { name: "Open the campaign" }).click();
          await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
          campaignId = page.url().split("/").pop();
          await page.getByRole("heading", { name, level: 1 }).waitFor();
          const cards = page.getByTestId("campaign-test-card");
          await cards.first().waitFor();
          assert((await cards.count()) === previewed, `the board shows ${await cards.count()} tests, expected ${previewed}`);
          await screenshot(page, "41-campaign-planned");
          // Started after the app's confirm dialog.
          await page.getByRole("button", { name: "Start campaign" }).click();
          await page.getByRole("alertdialog", { name: new RegExp(`Start “${name}”`) }).getByRole("button", { name: "Start campaign" }).click();
          await toast(page, `Started “${name}”`);
          await page.getByRole("button", { name: "Complete campaign" }).waitFor();
        });

        const detail = await api(`/api/v1/campaigns/${campaignId}`, { token: leadToken });
        assert(detail.status === "active", `the campaign is ${detail.status}`);
        const test = detail.test_states.find((t) => t.blocked_by.length === 0 && t.state === "draft");
        assert(test, "no test of the campaign may start");

        // The red tech runs it from the campaign's board.
        await withSession("campaign-red", async (page, session) => {
          await useToken(session, await tokenFor(red.username, red.password));
          await page.goto(`/campaigns/${campaignId}`);
          await page.getByRole("link", { name: test.title, exact: true }).first().click();
          await page.waitForURL(`**/tests/${test.test_id}`);
          await page.getByRole("link", { name: "Open the campaign" }).waitFor();
          await page.getByRole("button", { name: "Start execution" }).click();
          await toast(page, "Execution started");
          const redForm = page.getByRole("form", { name: "Red team results" });
          await redForm.getByLabel("Notes").fill(`Campaign ${RUN_ID}: ran the procedure.`);
          await redForm.getByRole("group", { name: /executed/ }).getByRole("radio", { name: "Yes" }).check();
          await redForm.getByRole("group", { name: /succeed/ }).getByRole("radio", { name: "Yes" }).check();
          await page.getByRole("button", { name: "Submit red results" }).click();
          await toast(page, "Red results submitted");
        });

        await withSession("campaign-blue", async (page, session) => {
          await useToken(session, await tokenFor(blue.username, blue.password));
          await page.goto(`/tests/${test.test_id}`);
          await page.getByLabel("Result", { exact: true }).selectOption("alerted");
          await page.getByLabel("Alert or rule name").fill(`EDR: campaign ${RUN_ID}`);
          await page.getByLabel("Notes").fill("Alerted.");
          await page.getByRole("button", { name: "Submit blue results" }).click();
          await toast(page, "Blue results submitted");
        });

        for (const [voter, token] of [
          [lead, leadToken],
          [blueLead, await tokenFor(blueLead.username, blueLead.password)],
        ]) {
          await withSession(`campaign-vote-${voter.role}`, async (page, session) => {
            await useToken(session, token);
            await page.goto(`/tests/${test.test_id}`);
            await page.getByRole("button", { name: "Approve" }).click();
            await toast(page, "Vote recorded");
          });
        }

        // The lead sees the approved test on the board, completes the campaign, reads the summary.
        await withSession("campaign-complete", async (page, session) => {
          await useToken(session, leadToken);
          await page.goto(`/campaigns/${campaignId}`);
          await page.getByRole("heading", { name, level: 1 }).waitFor();
          await settled(page);
          const card = page.getByTestId("campaign-test-card").filter({ hasText: test.title }).first();
          await card.getByText("Approved").first().waitFor();
          await card.getByText("Alerted").waitFor();
          const bar = page.getByRole("progressbar", { name: "Tests approved in the campaign" });
          const progress = await bar.getAttribute("aria-valuetext");
          assert(/^1 of \d+ tests? approved/.test(progress ?? ""), `the campaign's progress reads "${progress}"`);
          await page.getByRole("button", { name: "Complete campaign" }).click();
          const dialog = page.getByRole("alertdialog", { name: new RegExp(`Complete “${name}”`) });
          await dialog.getByText(/is recorded as the completion summary/).waitFor();
          await dialog.getByRole("button", { name: "Complete campaign" }).click();
          await toast(page, `Completed “${name}”`);
          const summary = page.getByTestId("completion-summary");
          await summary.waitFor();
          const done = await api(`/api/v1/campaigns/${campaignId}`, { token: leadToken });
          assert(done.status === "completed" && done.completion, `the campaign is ${done.status}`);
          const techniques = done.completion.techniques.length;
          const expected = `${done.completion.coverage_pct}% of its ${techniques} technique${techniques === 1 ? "" : "s"} covered`;
          assert((await summary.innerText()).includes(expected), `the summary reads "${await summary.innerText()}", expected "${expected}"`);
          const outcome = done.completion.techniques.find((t) => t.technique_id === test.technique_id);
          assert(outcome?.state === "validated" && outcome.detection === "alerted", `the completion records ${JSON.stringify(outcome)} for ${test.technique_id}`);
          assert((await page.getByRole("button", { name: /Start campaign|Complete campaign|Add a test/ }).count()) === 0, "a completed campaign still offers steps");
          await page.getByTestId("campaign-history").getByText(/Completed the campaign/).waitFor();
          await screenshot(page, "42-campaign-completed");
        });
      },
    },
  ];
}
