// Browser scenarios of honest results: explicit choices before submitting, the outcome column,
// a lead's grouped inbox, Markdown on a technique page, and axe-core on every screen.
// `resultsScenarios(helpers)` returns them; run.mjs spreads them into its list.
import { axeViolations } from "./harness.mjs";

/** `Date` as the value of a datetime-local input, in the browser's (the machine's) time zone. */
function localInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const describeViolations = (list) => list.map((v) => `${v.impact} ${v.id}: ${v.help} → ${v.nodes.join("; ")}`).join("\n        ");

/**
 * @param {object} h the helpers run.mjs has: RUN_ID, adminToken, api, assert, withSession,
 *   screenshot, seedUser, settled, signIn, tokenFor, useToken, firstTechnique
 */
export function resultsScenarios(h) {
  const { RUN_ID, adminToken, api, assert, withSession, screenshot, seedUser, settled, tokenFor, useToken, firstTechnique } = h;

  const minutesAgo = (m) => new Date(Date.now() - m * 60_000);
  const createTest = (title, technique, extra = {}) =>
    api("/api/v1/tests", { token: adminToken, method: "POST", json: { title, technique_id: technique.attack_id, severity: "medium", procedure: "whoami /all", ...extra } });
  const step = (id, action, json, token = adminToken) => api(`/api/v1/tests/${id}/${action}`, { token, method: "POST", json });
  /** A test taken to blue evaluation by admin, executed `executedMinutesAgo` ago. */
  async function testInBlueEvaluation(title, technique, executedMinutesAgo = 10) {
    const t = await createTest(title, technique);
    await step(t.id, "start-execution", {});
    await step(t.id, "submit-red", { executed: true, succeeded: true, executed_at: minutesAgo(executedMinutesAgo).toISOString(), notes: "Ran it." });
    return t;
  }
  /** A test documented by both teams (alerted `ttdMinutes` after the execution), waiting for votes. */
  async function testInReview(title, technique, ttdMinutes = 4) {
    const t = await testInBlueEvaluation(title, technique, 30);
    await step(t.id, "submit-blue", {
      outcomes: [
        { layer: "edr", result: "alerted", alert_name: "EDR: suspicious process", detected_at: minutesAgo(30 - ttdMinutes).toISOString() },
        { layer: "email", result: "not_applicable" },
      ],
      notes: "Alert raised.",
    });
    return t;
  }

  return [
    {
      name: "results: nothing is pre-chosen; a blue tech cannot submit without choosing, the alert name is required when alerted, and a detection before the execution is refused inline",
      run: async () => {
        const technique = await firstTechnique();
        // The red form as admin: no answer chosen, nothing to submit yet.
        const red = await createTest(`Red choices ${RUN_ID}`, technique);
        await step(red.id, "start-execution", {});
        await withSession("results-red-form", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto(`/tests/${red.id}`);
          const form = page.getByRole("form", { name: "Red team results" });
          await form.waitFor();
          for (const radio of await form.getByRole("radio").all()) assert(!(await radio.isChecked()), "a red answer is chosen beforehand");
          assert(await form.getByRole("button", { name: "Submit red results" }).isDisabled(), "the red results can be submitted without choosing");
          await form.getByTestId("red-summary").getByText("Whether the attack was executed").waitFor();
          await screenshot(page, "30-red-form-unchosen");
        });

        const test = await testInBlueEvaluation(`Blue choices ${RUN_ID}`, technique, 10);
        const blue = await seedUser(adminToken, "blue_tech", "choosy");
        const blueToken = await tokenFor(blue.username, blue.password);
        await withSession("results-blue-form", async (page, session) => {
          await useToken(session, blueToken);
          await page.goto(`/tests/${test.id}`);
          const form = page.getByRole("form", { name: "Blue team results" });
          await form.waitFor();
          const result = form.getByLabel("Result", { exact: true });
          assert((await result.inputValue()) === "", `a blue result is chosen beforehand: ${await result.inputValue()}`);
          const submit = form.getByRole("button", { name: "Submit blue results" });
          assert(await submit.isDisabled(), "the blue results can be submitted without choosing a result");
          const summary = form.getByTestId("blue-summary");
          await summary.getByText("EDR (layer 1): the result").waitFor();
          // Alerted: the alert or rule name is required, said next to the field.
          await result.selectOption("alerted");
          await form.locator("#blue-alert-0-error").filter({ hasText: "name the alert or rule that fired" }).waitFor();
          assert(await submit.isDisabled(), "alerted without an alert name can be submitted");
          await form.getByLabel("Alert or rule name").fill("EDR: encoded PowerShell");
          // A detection before the execution (10 minutes ago) is refused next to the field.
          await form.getByLabel("Detected at").fill(localInput(minutesAgo(20)));
          await form.locator("#blue-detected-0-error").filter({ hasText: "Before the attack was executed" }).waitFor();
          assert(await submit.isDisabled(), "a detection before the execution can be submitted");
          await screenshot(page, "31-blue-form-refusals");
          await form.getByLabel("Detected at").fill(localInput(minutesAgo(5)));
          await summary.getByText("Everything needed is there.").waitFor();
          await summary.locator('[data-outcome="alerted"]').waitFor();
          await submit.click();
          await page.locator('[data-toast="success"]', { hasText: "Blue results submitted" }).waitFor();
        });
        const after = await api(`/api/v1/tests/${test.id}`, { token: adminToken });
        assert(after.state === "in_review", `the test is ${after.state} after the blue submission`);
        assert(after.blue.outcomes[0].alert_name === "EDR: encoded PowerShell", "the alert name was not sent");
        assert(after.time_to_detect_secs > 0 && after.time_to_detect_secs < 15 * 60, `time to detect ${after.time_to_detect_secs}`);
      },
    },
    {
      name: "results: All Tests shows each test's outcome and time to detect, sorts by outcome, and says Approved",
      run: async () => {
        const technique = await firstTechnique();
        const approved = await testInReview(`Outcome alerted ${RUN_ID}`, technique, 4);
        await step(approved.id, "vote", { decision: "approve", as_role: "red_lead" });
        await step(approved.id, "vote", { decision: "approve", as_role: "blue_lead" });
        const draft = await createTest(`Outcome draft ${RUN_ID}`, technique);
        await withSession("results-outcome-column", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto(`/tests?technique=${technique.attack_id}`);
          await page.getByRole("heading", { name: "All Tests", level: 1 }).waitFor();
          const row = page.locator(`tr[data-test-id="${approved.id}"]`);
          await row.waitFor();
          await row.locator('[data-outcome="alerted"]').filter({ hasText: "Alerted" }).waitFor();
          const ttd = await row.locator("[data-ttd]").innerText();
          assert(ttd.trim() === "4 min", `the time to detect reads "${ttd}"`);
          await row.getByText("Approved", { exact: true }).waitFor();
          const draftRow = page.locator(`tr[data-test-id="${draft.id}"]`);
          await draftRow.getByText("Not documented yet").waitFor();
          // Sorting by outcome, best first, puts the alerted test above the draft.
          const outcome = page.getByRole("columnheader", { name: "Outcome" });
          await outcome.getByRole("button").click();
          await outcome.getByRole("button").click();
          assert((await outcome.getAttribute("aria-sort")) === "descending", "the outcome column does not say it is sorted");
          const order = await page.locator("tr[data-test-id]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-test-id")));
          assert(order.indexOf(approved.id) < order.indexOf(draft.id), "sorting by outcome did not put the alerted test first");
          // An admin may select tests for bulk actions; only the drafts among them are offered for deletion.
          await page.getByRole("checkbox", { name: `Select “${draft.title}”` }).check();
          await page.getByRole("checkbox", { name: `Select “${approved.title}”` }).check();
          const bar = page.getByRole("region", { name: "Selected tests" });
          await bar.getByText("2 tests selected").waitFor();
          await bar.getByText("Only drafts are deleted in bulk", { exact: false }).waitFor();
          await screenshot(page, "32-tests-outcome-column");
          // The drafts go in one bulk request, not one call per test; the approved test stays.
          const requests = [];
          const onRequest = (r) => r.url().includes("/api/v1/tests") && r.method() !== "GET" && requests.push(`${r.method()} ${new URL(r.url()).pathname}`);
          page.on("request", onRequest);
          await bar.getByRole("button", { name: "Delete 1 draft" }).click();
          const ask = page.getByRole("alertdialog", { name: "Delete 1 draft test?" });
          await ask.getByText("The other 1 selected test (not drafts) stay.", { exact: false }).waitFor();
          await ask.getByRole("button", { name: "Delete 1 draft" }).click();
          await page.locator('[data-toast="success"]', { hasText: "Deleted 1 draft test" }).waitFor();
          await draftRow.waitFor({ state: "detached" });
          page.off("request", onRequest);
          assert(requests.join() === "POST /api/v1/tests/bulk-delete", `bulk delete sent ${requests.join(", ") || "nothing"}`);
          await row.waitFor();
        });
        const left = await api(`/api/v1/tests?technique=${technique.attack_id}&limit=100`, { token: adminToken });
        assert(!left.items.some((t) => t.id === draft.id), "the draft deleted in bulk is still listed");
        const kept = left.items.find((t) => t.id === approved.id);
        assert(kept, "the approved test selected with the draft was deleted");
        // The list's rows carry what the server worked out, which the table shows.
        assert(kept.outcome === "alerted" && kept.time_to_detect_secs > 0, `the approved row reads ${kept.outcome}, ${kept.time_to_detect_secs}`);
      },
    },
    {
      name: "results: a lead's inbox is grouped by step with each item's age and a button to it; the vote comes after the results with a checklist",
      run: async () => {
        const technique = await firstTechnique();
        const lead = await seedUser(adminToken, "red_lead", "inboxlead");
        const leadToken = await tokenFor(lead.username, lead.password);
        const review = await testInReview(`Inbox vote ${RUN_ID}`, technique, 6);
        const rejected = await testInReview(`Inbox reopen ${RUN_ID}`, technique, 6);
        await step(rejected.id, "vote", { decision: "reject", as_role: "blue_lead", comment: "Redo with the EDR in blocking mode." });
        await withSession("results-lead-inbox", async (page, session) => {
          await useToken(session, leadToken);
          await page.goto("/");
          const strip = page.getByTestId("waiting-strip");
          await strip.getByRole("link", { name: /^Vote \d+$/ }).waitFor();
          await strip.getByRole("link", { name: /^Reopen \d+$/ }).waitFor();
          await page.goto("/tests/my-tasks");
          await page.getByRole("heading", { name: "My Pending Tasks", level: 1 }).waitFor();
          await settled(page);
          const groups = await page.locator("[data-task-group]").evaluateAll((els) => els.map((e) => e.getAttribute("data-task-group")));
          assert(groups.includes("vote") && groups.includes("reopen"), `the lead's inbox groups are ${groups.join(", ")}`);
          assert(groups.indexOf("vote") < groups.indexOf("reopen"), `the groups are not in workflow order: ${groups.join(", ")}`);
          const voteRow = page.locator(`[data-task-group="vote"] tr[data-task="${review.id}"]`);
          const age = await voteRow.locator("[data-age]").innerText();
          assert(/\d+ (s|min|h|d)/.test(age), `the item's age reads "${age}"`);
          // The outcome and time to detect of what the lead is asked to judge, as on All Tests.
          const outcome = await voteRow.locator("[data-outcome]").getAttribute("data-outcome");
          assert(outcome && outcome !== "", `the inbox item shows no outcome (${outcome})`);
          const ttd = await voteRow.locator("[data-ttd]").innerText();
          // Seeded 6 min apart through two requests: a second either way is latency.
          assert(/^(6 min|5 min 59 s)/.test(ttd), `the inbox item's time to detect reads "${ttd}"`);
          await page.locator(`[data-task-group="reopen"] tr[data-task="${rejected.id}"]`).getByRole("link", { name: /^Reopen/ }).waitFor();
          await screenshot(page, "33-lead-inbox");
          await voteRow.getByRole("link", { name: `Review and vote: ${review.title}` }).click();
          await page.waitForURL(`**/tests/${review.id}#vote`);
          const card = page.getByRole("region", { name: "Review and vote" });
          await card.waitFor();
          const checklist = card.getByRole("list", { name: "Review checklist" });
          await checklist.getByText("Detected 6 min after the execution.").waitFor();
          // The vote card comes after the results and the evidence it judges.
          const order = await page.evaluate(() =>
            ["Blue team result", "Evidence", "Review and vote"].map((name) => {
              const h = [...document.querySelectorAll("main h2")].find((x) => x.textContent === name);
              return h ? h.getBoundingClientRect().top + window.scrollY : -1;
            }),
          );
          assert(order.every((y) => y >= 0) && order[0] < order[1] && order[1] < order[2], `the vote card is not after the results and evidence: ${order.join(", ")}`);
          await screenshot(page, "34-review-and-vote");
        });
      },
    },
    {
      name: "results: ATT&CK Markdown on a technique page (lists, code, in-app ids, numbered citations, no script)",
      run: async () => {
        const real = await h.apiRaw("/api/v1/techniques/T1003.001", { token: adminToken });
        let id;
        if (real.status === 200 && /\n\s*\* /.test(real.body.description ?? "")) {
          id = "T1003.001";
        } else {
          // The fixture catalog has no lists or code: a custom technique written as ATT&CK writes them.
          const tactics = await api("/api/v1/tactics", { token: adminToken });
          id = `CT-${RUN_ID.toUpperCase()}`;
          await api("/api/v1/techniques", {
            token: adminToken,
            method: "POST",
            json: {
              attack_id: id,
              name: `Markdown sample ${RUN_ID}`,
              tactics: [tactics.items[0].shortname],
              platforms: ["Windows"],
              description:
                "Adversaries may dump credentials, as in T1001.(Citation: Sample Report)\n\n* read <code>lsass.exe</code> memory\n* copy the `SAM` hive\n\n```\nprocdump -ma lsass.exe out.dmp\n```\n\n<script>window.__pwned = true</script>Done.(Citation: Other Report)",
            },
          });
        }
        await withSession("results-markdown", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto(`/techniques/${id}`);
          const card = page.getByRole("region", { name: "Description" });
          await card.waitFor();
          await card.locator(".markdown ul > li").first().waitFor();
          assert((await card.locator(".markdown ul > li").count()) >= 2, "the description's list is not rendered as a list");
          assert((await card.locator(".markdown code").count()) >= 1, "the description's code is not rendered as code");
          assert((await card.locator("script").count()) === 0, "a script survived the sanitiser");
          assert((await page.evaluate(() => window.__pwned)) === undefined, "a script from the description ran");
          assert(!(await card.innerText()).includes("(Citation:"), "citations are shown raw");
          await card.getByRole("list", { name: "References of the description" }).locator("li").first().waitFor();
          if (id === "T1003.001") {
            await card.locator(".markdown pre code, .markdown code").first().waitFor();
          } else {
            assert((await card.locator(".markdown pre code").count()) === 1, "the code block is not rendered");
            const link = card.getByRole("link", { name: "T1001", exact: true });
            assert((await link.getAttribute("href")) === "/techniques/T1001", "the technique id is not linked in the app");
            await screenshot(page, "35-technique-markdown");
            await link.click();
            await page.waitForURL("**/techniques/T1001");
            await page.getByRole("heading", { level: 1 }).filter({ hasText: "T1001" }).waitFor();
          }
        });
      },
    },
    {
      name: "accessibility: axe-core finds no serious or critical violation on any screen (the matrix's are reported)",
      run: async () => {
        const technique = await firstTechnique();
        const actors = await api("/api/v1/threat-actors?limit=1", { token: adminToken });
        // A campaign's page when the server has campaigns (the campaign scenario, run before, made one).
        const campaigns = await h.apiRaw("/api/v1/campaigns?limit=1", { token: adminToken });
        const campaign = campaigns.status === 200 ? campaigns.body.items[0] : undefined;
        const review = await testInReview(`Axe review ${RUN_ID}`, technique, 3);
        const blueTest = await testInBlueEvaluation(`Axe blue ${RUN_ID}`, technique, 5);
        const found = [];
        const matrixFindings = [];
        const untitled = [];
        const check = async (page, label) => {
          await settled(page);
          // Every screen names itself in the browser tab ("Users · Aegis").
          const title = await page.title();
          if (!/ · Aegis$/.test(title)) untitled.push(`${label}: "${title}"`);
          const violations = await axeViolations(page);
          if (violations.length === 0) return;
          if (label.startsWith("/matrix")) matrixFindings.push(`${label}:\n        ${describeViolations(violations)}`);
          else found.push(`${label}:\n        ${describeViolations(violations)}`);
        };
        const screens = [
          "/",
          "/executive",
          "/matrix",
          "/techniques",
          `/techniques/${technique.attack_id}`,
          "/tests",
          "/tests/my-tasks",
          "/tests/new",
          `/tests/${review.id}`,
          `/tests/${blueTest.id}`,
          "/threat-actors",
          ...(actors.items[0] ? [`/threat-actors/${actors.items[0].attack_id}`] : []),
          "/reports",
          "/reports/print",
          "/snapshots",
          "/alert-rules",
          "/alert-channels",
          "/system",
          "/data-sources",
          "/test-catalog",
          "/detection-rules",
          "/detection-rules/gaps",
          "/d3fend",
          "/compliance",
          ...(campaigns.status === 200 ? ["/campaigns", "/campaigns/new", "/campaigns/new?from=actor"] : []),
          ...(campaign ? [`/campaigns/${campaign.id}`] : []),
          "/scoring",
          "/users",
          "/audit",
          "/no-such-screen",
        ];
        await withSession("axe-admin", async (page, session) => {
          await useToken(session, adminToken);
          for (const path of screens) {
            await page.goto(path);
            await page.getByRole("heading", { level: 1 }).first().waitFor();
            await check(page, path);
          }
        });
        // The forms as the people who fill them in, and the review as a lead.
        const blue = await seedUser(adminToken, "blue_tech", "axeblue");
        await withSession("axe-blue", async (page, session) => {
          await useToken(session, await tokenFor(blue.username, blue.password));
          await page.goto(`/tests/${blueTest.id}`);
          await page.getByRole("form", { name: "Blue team results" }).waitFor();
          await page.getByLabel("Result", { exact: true }).selectOption("alerted");
          await check(page, `/tests/${blueTest.id} (blue form, alerted without a name)`);
        });
        await withSession("axe-signed-out", async (page) => {
          await page.goto("/login");
          await page.getByRole("button", { name: "Sign in" }).waitFor();
          await check(page, "/login");
        });
        // The full-page password screen of a user who must choose one.
        const newcomer = { username: `axenew-${RUN_ID}`, password: `Axe-${RUN_ID}-Pass-1!` };
        await api("/api/v1/users", { token: adminToken, method: "POST", json: { ...newcomer, role: "viewer", must_change_password: true } });
        await withSession("axe-choose-password", async (page, session) => {
          await useToken(session, await tokenFor(newcomer.username, newcomer.password));
          await page.goto("/choose-password");
          await page.getByRole("heading", { name: "Choose your password", level: 1 }).waitFor();
          await check(page, "/choose-password");
        });
        if (matrixFindings.length) console.log(`      axe on the matrix (reported, owned by the matrix page):\n      ${matrixFindings.join("\n      ")}`);
        assert(untitled.length === 0, `screens without their own title: ${untitled.join("; ")}`);
        // Every finding is printed (the failure's message is cut to a few lines).
        if (found.length) console.log(`      axe findings:\n      ${found.join("\n      ")}`);
        assert(found.length === 0, `serious or critical accessibility violations on ${found.length} screens (listed above)`);
      },
    },
  ];
}
