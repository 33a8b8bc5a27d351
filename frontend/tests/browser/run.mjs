// Browser tests of the SPA against a running local runner (AEGIS_URL), in headless Chromium.
// Each scenario prints PASS / FAIL. Screenshots: frontend/screenshots/.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  ADMIN,
  BASE,
  RUN_ID,
  api,
  apiRaw,
  assert,
  expectDownload,
  navigatorLayer,
  openSession,
  runScenarios,
  screenshot,
  seedUser,
  settled,
  signIn,
  strongPassword,
  submitSignIn,
  tokenFor,
  useToken,
} from "./harness.mjs";
import { afterUpgradeScenarios, alertScenarios } from "./alertScenarios.mjs";
import { campaignScenarios } from "./campaignScenarios.mjs";
import { contentScenarios } from "./contentScenarios.mjs";
import { defenseScenarios } from "./defenseScenarios.mjs";
import { identityScenarios } from "./identityScenarios.mjs";
import { matrixScenarios } from "./matrixScenarios.mjs";
import { metricsScenarios } from "./metricsScenarios.mjs";
import { reportScenarios } from "./reportScenarios.mjs";
import { resultsScenarios } from "./resultsScenarios.mjs";

if (!BASE) {
  console.error("AEGIS_URL is not set");
  process.exit(2);
}
if (!ADMIN.password) {
  console.error("AEGIS_ADMIN_PASSWORD is not set");
  process.exit(2);
}

const adminToken = await tokenFor(ADMIN.username, ADMIN.password);
const openapi = await api("/api/v1/openapi.json");
// The SPA is built against this API: a server without the tests routes fails the run, it is
// not a reason to skip the workflow scenarios.
assert(Object.keys(openapi.paths ?? {}).includes("/api/v1/tests"), "the server's OpenAPI document has no /api/v1/tests");
const state = { viewer: null, testId: null, lead: null, gapTestId: null };
const DEFAULT_WEIGHTS = { tests: 40, detection_rules: 20, d3fend: 15, freshness: 15, platform_diversity: 10 };

/** A lead's API token, made once (sign-ins are rate limited). */
async function leadToken() {
  if (!state.lead) {
    const lead = await seedUser(adminToken, "red_lead", "setlead");
    state.lead = { ...lead, token: await tokenFor(lead.username, lead.password) };
  }
  return state.lead;
}

/** A validated test detected only as "logged" (a gap), taken through the workflow by admin. */
async function seedGapTest(technique) {
  const t = await api("/api/v1/tests", {
    token: adminToken,
    method: "POST",
    json: { title: `Gap ${RUN_ID} on ${technique.attack_id}`, technique_id: technique.attack_id, severity: "medium", procedure: "rundll32 payload.dll" },
  });
  const step = (action, json) => api(`/api/v1/tests/${t.id}/${action}`, { token: adminToken, method: "POST", json });
  await step("start-execution", {});
  await step("submit-red", { executed: true, succeeded: true, notes: "The payload ran." });
  await step("submit-blue", { outcomes: [{ layer: "siem", result: "logged" }], notes: "Only a log line, no alert." });
  await step("vote", { decision: "approve", as_role: "red_lead" });
  const done = await step("vote", { decision: "approve", as_role: "blue_lead" });
  assert(done.state === "validated", `the seeded gap test is ${done.state}`);
  return t;
}
const pageErrors = [];

/** Opens a session, runs `body`, screenshots the page on failure, always closes. */
async function withSession(label, body) {
  const session = await openSession(label);
  try {
    await body(session.page, session);
  } catch (e) {
    await screenshot(session.page, `FAILED-${label}`).catch(() => {});
    throw e;
  } finally {
    pageErrors.push(...session.errors);
    await session.close();
  }
  assert(session.errors.length === 0, `uncaught errors in the page: ${session.errors.join("; ")}`);
}

/** The fixture bundles of the importer tests (ATT&CK releases of a few techniques). */
const fixture = (name) => new URL(`../../../shared/importers/tests/fixtures/${name}`, import.meta.url);

/**
 * Uploads `path` on the System screen (already open) and waits for the import run it starts to
 * succeed. Checks that the bytes went straight to storage (a presigned PUT, not the API), that
 * the progress bar only moved forward and reached 100%, and returns the run's id.
 */
async function uploadBundle(page, path) {
  const card = page.getByRole("region", { name: "Import a STIX bundle" });
  await card.getByLabel("Bundle file").setInputFiles(path);
  // Every value the progress bar shows, in order.
  await page.evaluate(() => {
    window.__uploadProgress = [];
    const record = () => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Upload progress"]');
      const value = bar ? Number(bar.getAttribute("aria-valuenow")) : null;
      if (value !== null && window.__uploadProgress.at(-1) !== value) window.__uploadProgress.push(value);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["aria-valuenow"] });
  });
  const requests = [];
  const onRequest = (r) => requests.push(`${r.method()} ${r.url()}`);
  page.on("request", onRequest);
  const put = page.waitForRequest((r) => r.method() === "PUT");
  await card.getByRole("button", { name: "Import bundle" }).click();
  const putUrl = new URL((await put).url());
  assert(!putUrl.pathname.startsWith("/api/"), `the bundle was PUT to the API (${putUrl}), not to storage`);
  await card.getByRole("progressbar", { name: "Upload progress" }).and(page.locator('[aria-valuenow="100"]')).waitFor({ timeout: 30_000 });
  await card.getByText(/^Uploaded .*, checksum verified$/).waitFor({ timeout: 30_000 });
  const seen = await page.evaluate(() => window.__uploadProgress);
  assert(seen.at(-1) === 100, `the progress bar ended at ${seen.at(-1)}% (${seen.join(", ")})`);
  assert(seen.every((v, i) => i === 0 || v >= seen[i - 1]), `the progress bar went back: ${seen.join(", ")}`);
  await page.locator('[data-toast="success"]', { hasText: "Import of" }).first().waitFor();
  const run = card.getByTestId("import-run");
  await run.and(page.locator('[data-status="succeeded"], [data-status="failed"]')).waitFor({ timeout: 60_000 });
  page.off("request", onRequest);
  const status = await run.getAttribute("data-status");
  assert(status === "succeeded", `the import run ${status}: ${await run.innerText()}`);
  assert(!requests.some((r) => r.includes("/api/v1/system/import")), "the SPA still sent the bundle as a request body");
  assert(requests.some((r) => r.startsWith("POST ") && /\/api\/v1\/system\/uploads\/[0-9a-f-]{36}\/complete$/.test(r)), "no upload was completed");
  return run.getAttribute("data-run-id");
}

const navLinks = (page) => page.getByRole("navigation", { name: "Main" }).getByRole("link");

/** The buttons of every workflow step the test detail can offer. */
const WORKFLOW_BUTTONS = ["Start execution", "Submit red results", "Submit blue results", "Approve", "Reject", "Reopen test"];

/**
 * The test detail as `token`'s user: what the API allows them (`allowed_actions`,
 * `evidence_sides`) and the workflow buttons and evidence upload the page shows for it.
 */
async function workflowOnPage(page, testId, token) {
  const detail = await api(`/api/v1/tests/${testId}`, { token });
  await page.goto(`/tests/${testId}`);
  const panel = page.getByRole("region", { name: /next step/i });
  await panel.waitFor();
  await settled(page);
  const buttons = [];
  for (const name of WORKFLOW_BUTTONS) {
    if (await page.getByRole("main").getByRole("button", { name, exact: true }).count()) buttons.push(name);
  }
  const upload = (await page.locator("#evidence-file").count()) > 0;
  return { allowed: detail.allowed_actions, sides: detail.evidence_sides, buttons, upload, waiting: await panel.innerText() };
}

async function firstTechnique() {
  const list = await api("/api/v1/techniques?subtechniques=false&limit=50", { token: adminToken });
  assert(list.items.length > 0, "the catalog is empty: the runner should sync ATT&CK at start");
  return list.items.find((t) => t.coverage_status !== "validated") ?? list.items[0];
}

const scenarios = [
  // First: the compliance scenario needs two techniques nobody has tested yet, and the browser
  // tests' catalog (the small fixture bundle) has only two current top-level techniques.
  ...defenseScenarios({ RUN_ID, adminToken, api, apiRaw, assert, withSession, screenshot, seedUser, settled, tokenFor, useToken }),
  {
    name: "admin sign-in (wrong password refused, right one lands on the dashboard)",
    run: () =>
      withSession("admin-login", async (page) => {
        await page.goto("/");
        await page.waitForURL("**/login");
        await screenshot(page, "01-login");
        await page.getByLabel("Username").fill(ADMIN.username);
        await page.getByLabel("Password", { exact: true }).fill(`${ADMIN.password}-wrong`);
        await page.getByRole("button", { name: "Sign in" }).click();
        const alert = page.getByRole("alert").filter({ hasText: /incorrect|invalid/i });
        await alert.waitFor();
        assert(page.url().endsWith("/login"), "a wrong password must stay on the login page");
        await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
        assert(new URL(page.url()).pathname === "/", `expected the dashboard, got ${page.url()}`);
        await page.getByTestId("current-user").filter({ hasText: ADMIN.username }).waitFor();
        for (const item of ["Users", "Audit Log", "MITRE Sync", "Executive Dashboard"]) {
          await navLinks(page).filter({ hasText: item }).first().waitFor();
        }
      }),
  },
  {
    name: "admin creates a viewer on the Users screen (policy errors shown, then listed)",
    run: () =>
      withSession("admin-users", async (page, session) => {
        await useToken(session, adminToken);
        await page.goto("/");
        await navLinks(page).filter({ hasText: "Users" }).click();
        await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
        const username = `viewer-${RUN_ID}`;
        const password = strongPassword();
        await page.getByRole("button", { name: "Create user" }).click();
        const dialog = page.getByRole("dialog", { name: "Create user" });
        await dialog.getByLabel("Username").fill(username);
        await dialog.getByLabel("Role").selectOption("viewer");
        await dialog.getByLabel("Full name").fill("Browser Viewer");
        // Checked by default; this viewer keeps the password set here.
        const mustChange = dialog.getByLabel("Must choose a new password at sign-in");
        assert(await mustChange.isChecked(), "“Must choose a new password at sign-in” is not checked by default");
        await mustChange.uncheck();
        await dialog.getByLabel("Password", { exact: true }).fill("short");
        await dialog.getByRole("button", { name: "Create user" }).click();
        const fieldError = dialog.locator("#new-password-error");
        await fieldError.waitFor();
        const text = await fieldError.innerText();
        assert(/12 characters/.test(text) && /uppercase/.test(text), `the policy errors are not all shown: ${text}`);
        await page.locator('[data-toast="error"]').first().waitFor();
        await dialog.getByLabel("Password", { exact: true }).fill(password);
        await dialog.getByRole("button", { name: "Create user" }).click();
        await page.locator('[data-toast="success"]', { hasText: `User ${username} created` }).waitFor();
        await dialog.waitFor({ state: "detached" });
        const row = page.locator(`tr[data-username="${username}"]`);
        await row.waitFor();
        assert((await row.innerText()).includes("Viewer"), "the new user is not listed as a viewer");
        assert((await row.getByTestId("must-change-password").count()) === 0, "a user created without the flag is badged");
        state.viewer = { username, password };
        await screenshot(page, "13-users");
      }),
  },
  {
    name: "a user created with “must choose a new password” chooses one at first sign-in, then uses the app",
    run: async () => {
      const username = `newcomer-${RUN_ID}`;
      const handedOver = strongPassword();
      const own = strongPassword();
      const later = strongPassword();
      await withSession("must-change-admin", async (page, session) => {
        await useToken(session, adminToken);
        await page.goto("/users");
        await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
        await page.getByRole("button", { name: "Create user" }).click();
        const dialog = page.getByRole("dialog", { name: "Create user" });
        await dialog.getByLabel("Username").fill(username);
        await dialog.getByLabel("Role").selectOption("red_tech");
        await dialog.getByLabel("Full name").fill("Browser Newcomer");
        await dialog.getByLabel("Password", { exact: true }).fill(handedOver);
        assert(await dialog.getByLabel("Must choose a new password at sign-in").isChecked(), "the flag is not checked by default");
        await dialog.getByRole("button", { name: "Create user" }).click();
        await page.locator('[data-toast="success"]', { hasText: `User ${username} created` }).waitFor();
        const row = page.locator(`tr[data-username="${username}"]`);
        await row.getByTestId("must-change-password").waitFor();
        await screenshot(page, "13b-users-must-change-password");
        // A reset asks for a new password at the next sign-in by default too (not done here).
        await row.getByRole("button", { name: `Reset password of ${username}` }).click();
        const reset = page.getByRole("dialog", { name: `Reset password of ${username}` });
        assert(await reset.getByLabel("Must choose a new password at sign-in").isChecked(), "the reset's flag is not checked by default");
        await screenshot(page, "13c-users-reset-password");
        await reset.getByRole("button", { name: "Cancel" }).click();
        await reset.waitFor({ state: "detached" });
        // One's own password is changed from the user menu, not reset (the server refuses that).
        const own = page.locator(`tr[data-username="${ADMIN.username}"]`);
        await own.waitFor();
        assert((await own.getByRole("button", { name: /Reset password/ }).count()) === 0, "an admin is offered resetting their own password");
      });
      // A session from before the change: the API refuses it everything but changing the password.
      const firstToken = await tokenFor(username, handedOver);
      const refused = await apiRaw("/api/v1/tests", { token: firstToken });
      assert(
        refused.status === 403 && String(refused.body?.type).endsWith("/password-change-required"),
        `a user who must change the password got ${refused.status} ${refused.body?.type} from /tests`,
      );
      await withSession("must-change-user", async (page) => {
        await signIn(page, username, handedOver, (p) => p.getByRole("heading", { name: "Choose your password", level: 1 }));
        assert(new URL(page.url()).pathname === "/choose-password", `expected the password screen, got ${page.url()}`);
        assert((await page.getByRole("navigation", { name: "Main" }).count()) === 0, "the password screen shows the app navigation");
        await page.getByTestId("choose-password-reason").filter({ hasText: "generated or set by an administrator" }).waitFor();
        await page.getByRole("button", { name: "Sign out" }).waitFor();
        await screenshot(page, "01b-choose-password");
        // Any other screen leads back here.
        await page.goto("/tests");
        await page.getByRole("heading", { name: "Choose your password", level: 1 }).waitFor();
        await page.goto("/");
        await page.getByRole("heading", { name: "Choose your password", level: 1 }).waitFor();
        // A weak password: each rule the server names is listed next to the field.
        await page.getByLabel("Current password").fill(handedOver);
        await page.getByLabel("New password", { exact: true }).fill("weakpass");
        await page.getByLabel("Confirm new password").fill("weakpass");
        await page.getByRole("button", { name: "Set my password and continue" }).click();
        const rules = page.locator("#choose-password-new-error li");
        await rules.first().waitFor();
        const listed = await rules.allInnerTexts();
        for (const rule of [/12 characters/, /uppercase/, /digit/, /special/]) {
          assert(listed.some((l) => rule.test(l)), `the rule ${rule} is not listed next to the field: ${listed.join(" | ")}`);
        }
        await screenshot(page, "01c-choose-password-rules");
        await page.getByLabel("New password", { exact: true }).fill(own);
        await page.getByLabel("Confirm new password").fill(own);
        await page.getByRole("button", { name: "Set my password and continue" }).click();
        // On to where the user was going (the dashboard), then the whole app.
        await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
        assert(new URL(page.url()).pathname === "/", `expected the dashboard, got ${page.url()}`);
        await page.getByTestId("current-user").filter({ hasText: "Browser Newcomer" }).waitFor();
        await settled(page);
        assert((await page.getByRole("alert").filter({ hasText: /went wrong|failed to load/i }).count()) === 0, "the dashboard shows an error");
        await navLinks(page).filter({ hasText: "Techniques" }).first().click();
        await page.getByRole("table", { name: "Techniques" }).waitFor();
        // Changing it again from the user menu: this session continues (its cookie was replaced).
        await page.getByRole("button", { name: /Account menu/ }).click();
        await page.getByRole("menuitem", { name: "Change password" }).click();
        const dialog = page.getByRole("dialog", { name: "Change password" });
        await dialog.getByLabel("Current password").fill(own);
        await dialog.getByLabel("New password", { exact: true }).fill(later);
        await dialog.getByLabel("Confirm new password").fill(later);
        await dialog.getByRole("button", { name: "Change password" }).click();
        await page.locator('[data-toast="success"]', { hasText: "Your password has been changed" }).waitFor();
        await dialog.waitFor({ state: "detached" });
        await navLinks(page).filter({ hasText: "All Tests" }).first().click();
        await page.getByRole("heading", { name: "All Tests", level: 1 }).waitFor();
        await settled(page);
        assert(new URL(page.url()).pathname === "/tests", `the session did not continue after the change: ${page.url()}`);
      });
      // The first session ended with the change; the flag is gone.
      const ended = await apiRaw("/api/v1/auth/me", { token: firstToken });
      assert(ended.status === 401, `a session from before the change answered ${ended.status}`);
      const users = await api("/api/v1/users?limit=100", { token: adminToken });
      const listed = users.items.find((u) => u.username === username);
      assert(listed && listed.must_change_password === false, `the user is still flagged: ${JSON.stringify(listed)}`);
    },
  },
  {
    name: "viewer sees no admin navigation and no action buttons",
    run: async () => {
      const viewer = state.viewer ?? (await seedUser(adminToken, "viewer"));
      const technique = await firstTechnique();
      if (!state.testId) {
        const t = await api("/api/v1/tests", {
          token: adminToken,
          method: "POST",
          json: { title: `Seeded for the viewer ${RUN_ID}`, technique_id: technique.attack_id, severity: "low", procedure: "echo seeded" },
        });
        state.testId = t.id;
      }
      await withSession("viewer", async (page) => {
        await signIn(page, viewer.username, viewer.password);
        const labels = await navLinks(page).allInnerTexts();
        for (const hidden of ["Users", "Audit Log", "MITRE Sync", "My Pending Tasks"]) {
          assert(!labels.some((l) => l.includes(hidden)), `a viewer must not see "${hidden}" (nav: ${labels.join(", ")})`);
        }
        for (const visible of ["Dashboard", "Executive Dashboard", "ATT&CK Matrix", "Techniques", "All Tests", "Threat Actors"]) {
          assert(labels.some((l) => l.includes(visible)), `a viewer should see "${visible}"`);
        }
        const noActions = async (where) => {
          await settled(page);
          // Actions by their names; a validated test listed as "… Approved" is not one.
          for (const name of [/new test/i, /mark (not )?reviewed/i, /start execution/i, /^approve$/i, /^reject$/i, /^reopen/i, /^edit$/i, /^delete/i, /upload/i, /create user/i, /sync now/i]) {
            const n = await page.getByRole("main").getByRole("button", { name }).count();
            const l = await page.getByRole("main").getByRole("link", { name }).count();
            assert(n + l === 0, `a viewer sees an action (${name}) on ${where}`);
          }
        };
        await noActions("the dashboard");
        await page.goto(`/techniques/${technique.attack_id}`);
        await page.getByRole("heading", { level: 1 }).filter({ hasText: technique.attack_id }).waitFor();
        await noActions("a technique");
        await page.goto("/techniques");
        await page.getByRole("table", { name: "Techniques" }).waitFor();
        await noActions("the techniques list");
        await page.goto("/tests");
        await page.getByRole("heading", { name: "All Tests" }).waitFor();
        await noActions("the tests list");
        if (state.testId) {
          await page.goto(`/tests/${state.testId}`);
          await page.getByRole("heading", { name: "Procedure" }).waitFor();
          await noActions("a test");
          assert((await page.locator("#evidence-file").count()) === 0, "a viewer sees the evidence upload");
          // Driven by the server: the viewer is allowed nothing, and the page offers nothing.
          const viewerToken = await tokenFor(viewer.username, viewer.password);
          const seen = await workflowOnPage(page, state.testId, viewerToken);
          assert(seen.allowed.length === 0 && seen.sides.length === 0, `the API allows a viewer ${JSON.stringify(seen)}`);
          assert(seen.buttons.length === 0 && !seen.upload, `a viewer is offered ${seen.buttons.join(", ")}${seen.upload ? " and the upload" : ""}`);
          assert(seen.waiting.includes("Waiting for the red team to start the execution."), `the viewer is not told what the test waits for: ${seen.waiting}`);
          await screenshot(page, "viewer-test-detail");
        }
        await page.goto("/users");
        await page.getByText("You do not have access to this page").waitFor();
      });
      // A blue tech on the same draft: nothing to do for the blue team yet, so nothing offered.
      if (state.testId) {
        const blue = await seedUser(adminToken, "blue_tech", "drafteyes");
        const blueToken = await tokenFor(blue.username, blue.password);
        await withSession("blue-tech-on-draft", async (page, session) => {
          await useToken(session, blueToken);
          const seen = await workflowOnPage(page, state.testId, blueToken);
          assert(seen.allowed.length === 0 && seen.sides.length === 0, `the API allows a blue tech on a draft ${JSON.stringify(seen)}`);
          assert(seen.buttons.length === 0 && !seen.upload, `a blue tech is offered ${seen.buttons.join(", ")}${seen.upload ? " and the upload" : ""} on a draft`);
        });
      }
    },
  },
  {
    name: "an expired session returns to the login page with the message",
    run: () =>
      withSession("expiry", async (page, session) => {
        const message = page.getByText("Your session has expired, please sign in again");
        // In-app navigation after the cookie is gone.
        await signIn(page, ADMIN.username, ADMIN.password);
        await session.context.clearCookies();
        // The notification bell's poll may get the 401 first and leave for the login page on its
        // own; either way the next in-app step must end there.
        await navLinks(page)
          .filter({ hasText: "Techniques" })
          .click({ timeout: 3000 })
          .catch((e) => {
            if (!new URL(page.url()).pathname.endsWith("/login")) throw e;
          });
        await page.waitForURL("**/login");
        await message.waitFor();
        // A full page load after the cookie is gone. The dashboard's calls finish first: one refused
        // while still there would take the page to the login page and spend the expiry message.
        await signIn(page, ADMIN.username, ADMIN.password);
        await settled(page);
        await session.context.clearCookies();
        await page.goto("/matrix");
        await page.waitForURL("**/login");
        await message.waitFor();
        await screenshot(page, "session-expired");
        // Signing in again returns to where the user was going.
        await submitSignIn(page, ADMIN.username, ADMIN.password, (p) => p.getByRole("heading", { name: "ATT&CK Matrix", level: 1 }));
      }),
  },
  {
    name: "lifecycle",
    run: async () => {
      const technique = await firstTechnique();
      const red = await seedUser(adminToken, "red_tech");
      const blue = await seedUser(adminToken, "blue_tech");
      const redLead = await seedUser(adminToken, "red_lead");
      const blueLead = await seedUser(adminToken, "blue_lead");
      const title = `Lifecycle ${RUN_ID} on ${technique.attack_id}`;
      let testUrl = "";

      await withSession("red-tech", async (page) => {
        await signIn(page, red.username, red.password);
        await page.goto(`/tests/new?technique=${technique.attack_id}`);
        await page.getByRole("button", { name: `Change technique ${technique.attack_id}` }).waitFor();
        await page.getByLabel("Title").fill(title);
        await page.getByLabel("Severity").selectOption("high");
        await page.getByLabel("Target host").fill("ws-browser-01");
        await page.getByLabel("Procedure").fill("powershell -enc ...\nwhoami /all");
        await screenshot(page, "09-new-test");
        await page.getByRole("button", { name: "Create test" }).click();
        await page.waitForURL(/\/tests\/[0-9a-f-]{36}$/);
        testUrl = new URL(page.url()).pathname;
        await page.getByRole("heading", { name: title, level: 1 }).waitFor();
        await page.getByRole("button", { name: "Start execution" }).click();
        await page.locator('[data-toast="success"]', { hasText: "Execution started" }).waitFor();
        await page.locator("#evidence-file").setInputFiles({
          name: "red-execution.log",
          mimeType: "text/plain",
          buffer: Buffer.from(`red team execution log ${RUN_ID}\n`.repeat(2000)),
        });
        await page.getByRole("button", { name: "Upload" }).click();
        await page.locator('[data-toast="success"]', { hasText: "Uploaded red-execution.log" }).waitFor({ timeout: 30_000 });
        await page.getByRole("list", { name: "Evidence files" }).getByText("red-execution.log").waitFor();
        await page.getByLabel("Notes").fill("Executed the encoded command; a shell came back.");
        // No answer is chosen beforehand: executed and succeeded are explicit choices.
        const redForm = page.getByRole("form", { name: "Red team results" });
        await redForm.getByRole("group", { name: /executed/ }).getByRole("radio", { name: "Yes" }).check();
        await redForm.getByRole("group", { name: /succeed/ }).getByRole("radio", { name: "Yes" }).check();
        await page.getByRole("button", { name: "Submit red results" }).click();
        await page.locator('[data-toast="success"]', { hasText: "Red results submitted" }).waitFor();
        await page.getByText("Waiting for the blue team to document the detection.").waitFor();
      });

      await withSession("blue-tech", async (page) => {
        await signIn(page, blue.username, blue.password);
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My Pending Tasks" }).click();
        await page.getByRole("link", { name: title, exact: true }).click();
        await page.waitForURL(`**${testUrl}`);
        await page.locator("#evidence-file").setInputFiles({ name: "edr-alert.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ alert: "Encoded PowerShell", run: RUN_ID })) });
        await page.getByRole("button", { name: "Upload" }).click();
        await page.locator('[data-toast="success"]', { hasText: "Uploaded edr-alert.json" }).waitFor({ timeout: 30_000 });
        // The result is chosen (there is no default), then the alert it requires is named.
        await page.getByLabel("Result", { exact: true }).selectOption("alerted");
        await page.getByLabel("Alert or rule name").fill("EDR: Suspicious encoded PowerShell");
        await page.getByLabel("Notes").fill("EDR raised an alert within a minute.");
        await page.getByRole("button", { name: "Submit blue results" }).click();
        await page.locator('[data-toast="success"]', { hasText: "Blue results submitted" }).waitFor();
        await page.getByText("Waiting for the leads' votes.").waitFor();
      });

      for (const lead of [redLead, blueLead]) {
        await withSession(lead.role, async (page, session) => {
          await signIn(page, lead.username, lead.password);
          await page.goto(testUrl);
          await page.getByRole("button", { name: "Approve" }).click();
          await page.locator('[data-toast="success"]', { hasText: "Vote recorded" }).waitFor();
          if (lead === blueLead) {
            await page.getByRole("heading", { name: title, level: 1 }).waitFor();
            await page.getByText("Approved by both leads. Nothing left to do.").waitFor();
            // Evidence downloads through a short-lived link.
            const [file] = await Promise.all([
              session.context.waitForEvent("response", (r) => r.request().method() === "GET" && r.url().includes("/red-execution.log")),
              page.getByRole("button", { name: "Download red-execution.log" }).click(),
            ]);
            assert(file.status() === 200, `the evidence download answered ${file.status()}`);
            await screenshot(page, "10-test-detail");
          }
        });
      }

      await withSession("matrix-check", async (page, session) => {
        await useToken(session, adminToken);
        await page.goto("/matrix");
        const cell = page.locator(`[data-technique="${technique.attack_id}"]`).first();
        await cell.waitFor();
        const status = await cell.getAttribute("data-status");
        assert(status === "validated", `${technique.attack_id} is ${status} on the matrix, expected validated`);
        state.testId = testUrl.split("/").pop();
      });
    },
  },
  {
    name: "a red lead reassigns a test: the first red tech loses the workflow buttons, the second gets them",
    run: async () => {
      const technique = await firstTechnique();
      const lead = await seedUser(adminToken, "red_lead", "assignlead");
      const first = await seedUser(adminToken, "red_tech", "assignee1");
      const title = `Reassigned ${RUN_ID}`;
      const test = await api("/api/v1/tests", {
        token: adminToken,
        method: "POST",
        json: { title, technique_id: technique.attack_id, severity: "medium", procedure: "whoami", assigned_red: first.username },
      });
      const firstToken = await tokenFor(first.username, first.password);
      const leadToken = await tokenFor(lead.username, lead.password);
      let second = null;

      // The admin creates the second red tech on the Users screen.
      await withSession("assign-admin", async (page, session) => {
        await useToken(session, adminToken);
        await page.goto("/users");
        await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
        second = { username: `assignee2-${RUN_ID}`, password: strongPassword() };
        await page.getByRole("button", { name: "Create user" }).click();
        const dialog = page.getByRole("dialog", { name: "Create user" });
        await dialog.getByLabel("Username").fill(second.username);
        await dialog.getByLabel("Role").selectOption("red_tech");
        await dialog.getByLabel("Full name").fill("Browser Second Red Tech");
        await dialog.getByLabel("Must choose a new password at sign-in").uncheck();
        await dialog.getByLabel("Password", { exact: true }).fill(second.password);
        await dialog.getByRole("button", { name: "Create user" }).click();
        await page.locator('[data-toast="success"]', { hasText: `User ${second.username} created` }).waitFor();
      });
      const secondToken = await tokenFor(second.username, second.password);

      // Assigned to the first tech: they may start it.
      await withSession("assignee-1-before", async (page, session) => {
        await useToken(session, firstToken);
        const seen = await workflowOnPage(page, test.id, firstToken);
        assert(JSON.stringify(seen.allowed) === '["start_execution"]', `the first tech is allowed ${JSON.stringify(seen.allowed)}`);
        assert(JSON.stringify(seen.buttons) === '["Start execution"]', `the first tech is offered ${seen.buttons.join(", ")}`);
        assert((await page.getByRole("button", { name: "Assign", exact: true }).count()) === 0, "a red tech is offered assigning the test");
      });

      // The red lead reassigns the red side on the test detail: a wrong name first, then the second tech.
      await withSession("assign-lead", async (page, session) => {
        await useToken(session, leadToken);
        await page.goto(`/tests/${test.id}`);
        await page.getByRole("heading", { name: title, level: 1 }).waitFor();
        await page.getByRole("button", { name: "Assign", exact: true }).click();
        const dialog = page.getByRole("dialog", { name: "Assign test" });
        assert((await dialog.getByLabel("Blue team assignee").count()) === 0, "a red lead is offered the blue side");
        const field = dialog.getByLabel("Red team assignee");
        // The picker is busy until the directory has loaded; its options are read after that.
        await dialog.locator("select[aria-busy]").waitFor({ state: "detached" });
        assert((await field.inputValue()) === first.username, `the dialog does not show the current assignee: ${await field.inputValue()}`);
        // A choice among the active red team (/users/directory), not a typed name.
        const offered = await field.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
        assert(offered.includes(second.username) && offered.includes(lead.username), `the red team is not offered: ${offered.join(", ")}`);
        assert(!offered.some((u) => u.startsWith("drafteyes-") || u.startsWith("blue")), `someone outside the red team is offered: ${offered.join(", ")}`);
        await screenshot(page, "10b-test-assign");
        await field.selectOption(second.username);
        await dialog.getByRole("button", { name: "Save assignment" }).click();
        await page.locator('[data-toast="success"]', { hasText: `Assigned the red team to ${second.username}` }).waitFor();
        await dialog.waitFor({ state: "detached" });
        await page.getByRole("list", { name: "History" }).getByText("Assign", { exact: true }).waitFor();
        await page.getByRole("region", { name: /next step/i }).getByText(`Waiting for the red team (${second.username}) to start the execution.`).waitFor();
      });
      const after = await api(`/api/v1/tests/${test.id}`, { token: adminToken });
      assert(after.assigned_red === second.username, `the test is assigned to ${after.assigned_red}`);

      // The first tech: nothing offered any more, and the API refuses the step.
      await withSession("assignee-1-after", async (page, session) => {
        await useToken(session, firstToken);
        const seen = await workflowOnPage(page, test.id, firstToken);
        assert(seen.allowed.length === 0, `the first tech is still allowed ${JSON.stringify(seen.allowed)}`);
        assert(seen.buttons.length === 0 && !seen.upload, `the first tech is still offered ${seen.buttons.join(", ")}`);
        assert(seen.waiting.includes(`Waiting for the red team (${second.username})`), `the first tech is not told who has it: ${seen.waiting}`);
        const refused = await apiRaw(`/api/v1/tests/${test.id}/start-execution`, { token: firstToken, method: "POST", json: {} });
        assert(refused.status === 403 && String(refused.body?.detail).includes(second.username), `the first tech's start got ${refused.status}: ${refused.text}`);
      });

      // The second tech takes it on: start, then the red evidence upload is there for them.
      await withSession("assignee-2", async (page, session) => {
        await useToken(session, secondToken);
        const seen = await workflowOnPage(page, test.id, secondToken);
        assert(JSON.stringify(seen.buttons) === '["Start execution"]', `the second tech is offered ${seen.buttons.join(", ")}`);
        await page.getByRole("button", { name: "Start execution" }).click();
        await page.locator('[data-toast="success"]', { hasText: "Execution started" }).waitFor();
        await page.getByRole("button", { name: "Submit red results" }).waitFor();
        await page.getByLabel("Add red team evidence").waitFor();
      });
    },
  },
  {
    name: "lead imports a Navigator layer as a technique set and filters the matrix by it",
    run: async () => {
      const lead = await leadToken();
      const list = await api("/api/v1/techniques?subtechniques=false&limit=50", { token: adminToken });
      assert(list.items.length >= 2, "the catalog needs two techniques for the set filter to show anything");
      const inSet = list.items[list.items.length - 1];
      const outside = list.items.find((t) => t.attack_id !== inSet.attack_id);
      const setName = `Actor profile ${RUN_ID}`;
      await withSession("technique-set", async (page, session) => {
        await useToken(session, lead.token);
        await page.goto("/matrix");
        await page.getByRole("heading", { name: "ATT&CK Matrix", level: 1 }).waitFor();
        await page.getByRole("button", { name: "Import layer" }).click();
        const dialog = page.getByRole("dialog", { name: "Import a Navigator layer" });
        // A file that is not a layer is refused before anything is sent.
        await dialog.getByLabel("Layer file").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("[1, 2]") });
        await dialog.locator("#layer-file-error").filter({ hasText: "Not a Navigator layer" }).waitFor();
        await dialog.getByLabel("Layer file").setInputFiles(navigatorLayer("APT from the file", [inSet.attack_id, "T9999"]));
        await dialog.getByTestId("layer-summary").filter({ hasText: "2 techniques in enterprise-attack" }).waitFor();
        assert((await dialog.getByLabel("Set name").inputValue()) === "APT from the file", "the set name is not taken from the layer");
        await dialog.getByLabel("Set name").fill(setName);
        await dialog.getByRole("button", { name: "Import set" }).click();
        await page.locator('[data-toast="success"]', { hasText: `Imported “${setName}”: 1 technique; 1 id unknown to the catalog left out` }).waitFor();
        await dialog.waitFor({ state: "detached" });
        // The new set is shown on the matrix at once.
        await page.waitForURL(/technique_set=[0-9a-f-]{36}/);
        await page.getByTestId("active-set").filter({ hasText: setName }).waitFor();
        const onlySet = async () => {
          await page.locator(`[data-technique="${inSet.attack_id}"]`).first().waitFor();
          await page.locator(`[data-technique="${outside.attack_id}"]`).first().waitFor({ state: "detached" });
        };
        await onlySet();
        const row = page.locator(`tr[data-set="${setName}"]`);
        await row.waitFor();
        assert((await row.innerText()).includes("1 id not in the catalog"), "the unknown id is not reported on the set");
        assert((await row.getByRole("button", { name: `Delete ${setName}` }).count()) === 0, "a lead must not be offered deleting a set (admin only)");
        await screenshot(page, "17-matrix-technique-set");
        // Back to every technique, then the same filter through the select.
        await page.getByRole("button", { name: "Show all techniques" }).click();
        await page.locator(`[data-technique="${outside.attack_id}"]`).first().waitFor();
        await page.getByLabel("Technique set", { exact: true }).selectOption({ label: setName });
        await onlySet();
        // The gaps as CSV.
        await page.getByRole("button", { name: "Export gaps" }).click();
        const gaps = page.getByRole("dialog", { name: "Export coverage gaps" });
        await gaps.getByLabel("Format").selectOption("csv");
        await gaps.getByText(`technique set ${setName}`).waitFor();
        const file = await expectDownload(page, () => gaps.getByRole("button", { name: "Download gaps" }).click());
        assert(file.name === "aegis-gaps.csv", `the gap export is named ${file.name}`);
        const lines = file.text.replace(/^\uFEFF/, "").split(/\r?\n/).filter(Boolean);
        assert(lines[0].includes("technique_id"), `the gap CSV has no header: ${file.text.slice(0, 80)}`);
        // The set filter applies to the export too: only the set's technique can be a gap.
        const outsideSet = lines.slice(1).filter((l) => !l.startsWith(`${inSet.attack_id},`));
        assert(outsideSet.length === 0, `gaps outside the technique set were exported: ${outsideSet.join(" | ")}`);
        await page.locator('[data-toast="success"]', { hasText: "Gaps downloaded (aegis-gaps.csv)" }).waitFor();
      });
    },
  },
  {
    name: "a set of only a sub-technique shows its parent for context only; a layer of unknown ids is refused",
    guard: async () => {
      const subs = await api("/api/v1/techniques?subtechniques=true&limit=1", { token: adminToken });
      return subs.items.length ? null : "the catalog has no sub-technique";
    },
    run: async () => {
      const lead = await leadToken();
      const subs = await api("/api/v1/techniques?subtechniques=true&limit=1", { token: adminToken });
      const sub = subs.items[0];
      const parentId = sub.attack_id.split(".")[0];
      const layer = JSON.parse(navigatorLayer(`Sub only ${RUN_ID}`, [sub.attack_id]).buffer.toString());
      const set = await api("/api/v1/heatmap/navigator-layer", { token: lead.token, method: "POST", json: layer });
      await withSession("context-only", async (page, session) => {
        await useToken(session, lead.token);
        await page.goto(`/matrix?technique_set=${set.id}`);
        await page.getByTestId("active-set").filter({ hasText: set.name }).waitFor();
        // The parent is there for its sub-technique only: neutral, labelled so, and not counted.
        const parent = page.locator(`[data-technique="${parentId}"]`).first();
        await parent.waitFor();
        assert((await parent.getAttribute("data-context-only")) === "true", `${parentId} is not marked as shown for context`);
        const label = (await parent.getAttribute("aria-label")) ?? "";
        assert(label.includes("shown for its sub-techniques"), `the parent's label does not say why it is shown: ${label}`);
        await page.getByText("1 matching technique or sub-technique", { exact: false }).first().waitFor();
        // Its sub-technique matches the set: the parent opens by itself (filters expand matching parents).
        await page.getByRole("button", { name: `Hide 1 sub-technique of ${parentId}` }).waitFor();
        const child = page.locator(`[data-technique="${sub.attack_id}"]`).first();
        await child.waitFor();
        assert((await child.getAttribute("data-context-only")) === null, "the matching sub-technique is drawn as context");
        await screenshot(page, "17b-matrix-context-only");
        // A layer none of whose techniques is in the catalog: the server's message next to the file.
        await page.getByRole("button", { name: "Import layer" }).click();
        const dialog = page.getByRole("dialog", { name: "Import a Navigator layer" });
        await dialog.getByLabel("Layer file").setInputFiles(navigatorLayer("Nothing known", ["T9998", "T9999"]));
        await dialog.getByTestId("layer-summary").filter({ hasText: "2 techniques in enterprise-attack" }).waitFor();
        await dialog.getByRole("button", { name: "Import set" }).click();
        await dialog.locator("#layer-file-error").filter({ hasText: "is in the enterprise-attack catalog" }).waitFor();
        await page.locator('[data-toast="error"]').first().waitFor();
        await dialog.getByRole("button", { name: "Cancel" }).click();
      });
    },
  },
  {
    name: "admin changes a scoring weight (checked next to the field, then saved)",
    run: async () => {
      // A snapshot before the change, so the snapshot scenario has something to compare with.
      await api("/api/v1/snapshots", { token: adminToken, method: "POST" });
      await withSession("scoring", async (page, session) => {
        await useToken(session, adminToken);
        await page.goto("/");
        await navLinks(page).filter({ hasText: "Scoring Weights" }).click();
        await page.getByRole("heading", { name: "Scoring Weights", level: 1 }).waitFor();
        const tests = page.getByLabel("Tests Weight");
        await tests.fill("150");
        await page.getByRole("button", { name: "Save weights" }).click();
        await page.locator("#weight-tests-error").filter({ hasText: "0-100" }).waitFor();
        await tests.fill("60");
        await page.getByRole("button", { name: "Save weights" }).click();
        await page.locator('[data-toast="success"]', { hasText: "Scoring weights saved" }).waitFor();
        const saved = await api("/api/v1/scores/config", { token: adminToken });
        assert(saved.tests === 60 && saved.detection_rules === DEFAULT_WEIGHTS.detection_rules, `the server holds ${JSON.stringify(saved)}`);
        await page.getByText("50% of the total").waitFor();
        await screenshot(page, "18-scoring-weights");
      });
    },
  },
  {
    name: "lead takes a snapshot, sees it listed and compared with the one before",
    run: async () => {
      const lead = await leadToken();
      try {
        await withSession("snapshots", async (page, session) => {
          await useToken(session, lead.token);
          await page.goto("/");
          await navLinks(page).filter({ hasText: "Snapshots" }).click();
          await page.getByRole("heading", { name: "Snapshots", level: 1 }).waitFor();
          await settled(page);
          const rows = page.locator("tr[data-snapshot]");
          const before = await rows.count();
          await page.getByRole("button", { name: "Take snapshot" }).click();
          await page.locator('[data-toast="success"]', { hasText: "Snapshot taken" }).waitFor();
          await page.waitForFunction((n) => document.querySelectorAll("tr[data-snapshot]").length === Math.min(n + 1, 25), before);
          assert((await rows.first().innerText()).includes(`by ${lead.username}`), "the new snapshot is not listed first with its taker");
          // The list is the server's cursor-paginated one, newest first.
          const takenAt = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-taken-at") ?? ""));
          assert(takenAt.length >= 2, `expected at least two snapshots listed, got ${takenAt.length}`);
          const unordered = takenAt.findIndex((t, i) => i > 0 && Date.parse(t) > Date.parse(takenAt[i - 1]));
          assert(unordered === -1, `the snapshots are not newest first: ${takenAt.join(", ")}`);
          const firstPage = await api("/api/v1/snapshots?limit=1", { token: lead.token });
          assert(firstPage.items.length === 1 && firstPage.next_cursor, `a one-item page has no next cursor: ${JSON.stringify(firstPage)}`);
          assert(firstPage.items[0].id === (await rows.first().getAttribute("data-snapshot")), "the API's first snapshot is not the one listed first");
          const secondPage = await api(`/api/v1/snapshots?limit=1&cursor=${encodeURIComponent(firstPage.next_cursor)}`, { token: lead.token });
          assert(secondPage.items[0]?.id === (await rows.nth(1).getAttribute("data-snapshot")), "the next page does not continue where the list does");
          // The newest is compared with the one before (taken before the weights changed).
          const comparison = page.getByTestId("snapshot-comparison");
          await comparison.waitFor();
          if (state.testId) {
            await comparison.locator("tr[data-change]").first().waitFor();
          }
          await page.getByTestId("snapshot-trend").waitFor();
          await screenshot(page, "19-snapshots-compare");
        });
      } finally {
        await api("/api/v1/scores/config", { token: adminToken, method: "PUT", json: DEFAULT_WEIGHTS });
      }
    },
  },
  {
    name: "remediation of a gap: a step added and done, then the automatic retest in the chain",
    run: async () => {
      const list = await api("/api/v1/techniques?subtechniques=false&limit=50", { token: adminToken });
      const gap = await seedGapTest(list.items[0]);
      state.gapTestId = gap.id;
      await withSession("remediation", async (page, session) => {
        await useToken(session, adminToken);
        await page.goto(`/tests/${gap.id}`);
        const card = page.getByRole("region", { name: "Remediation" });
        await card.getByText("No remediation steps yet").waitFor();
        await card.getByRole("button", { name: "Add step" }).click();
        const form = page.getByRole("form", { name: "Add a remediation step" });
        await form.getByLabel("Step").fill("Alert on rundll32 loading unsigned DLLs");
        // The owner is picked among the active users (/users/directory), never typed.
        const owner = form.getByLabel("Owner");
        await owner.locator(`option[value="${ADMIN.username}"]`).waitFor({ state: "attached" });
        assert((await owner.locator(`option[value="nobody-${RUN_ID}"]`).count()) === 0, "an unknown user is offered as owner");
        await form.getByLabel("Due date").fill("2031-01-31");
        await owner.selectOption(ADMIN.username);
        await form.getByRole("button", { name: "Add step" }).click();
        await page.locator('[data-toast="success"]', { hasText: "added for" }).waitFor();
        const step = card.locator('[data-step="Alert on rundll32 loading unsigned DLLs"]');
        await step.waitFor();
        await step.getByLabel("Status of “Alert on rundll32 loading unsigned DLLs”").selectOption("in_progress");
        await page.locator('[data-toast="success"]', { hasText: "is now in progress" }).waitFor();
        await screenshot(page, "20-test-remediation");
        await step.getByLabel("Status of “Alert on rundll32 loading unsigned DLLs”").selectOption("done");
        await page.locator('[data-toast="success"]', { hasText: "is now done" }).waitFor();
        await card.getByText("1 of 1 done").waitFor();
        // The consumer creates the retest from the event; the chain shows it once it exists.
        const chain = page.getByRole("list", { name: "Retest chain" });
        for (let i = 0; i < 20 && !(await chain.count()); i++) {
          await page.waitForTimeout(500);
          await page.reload();
          await page.getByRole("heading", { level: 1 }).waitFor();
          await settled(page);
        }
        await chain.getByRole("link", { name: /Retest 1 of/ }).click();
        await page.getByRole("list", { name: "Retest chain" }).getByRole("link", { name: gap.title }).waitFor();
        await screenshot(page, "21-retest-chain");
      });
    },
  },
  {
    name: "screenshots of every main screen",
    run: () =>
      withSession("screens", async (page, session) => {
        await useToken(session, adminToken);
        const technique = await firstTechnique();
        const actors = await api("/api/v1/threat-actors?limit=1", { token: adminToken });
        const screens = [
          ["02-dashboard", "/", "Dashboard"],
          ["03-executive", "/executive", "Executive Dashboard"],
          ["04-matrix", "/matrix", "ATT&CK Matrix"],
          ["05-techniques", "/techniques", "Techniques"],
          ["06-technique-detail", `/techniques/${technique.attack_id}`, technique.name],
          ["07-tests", "/tests", "All Tests"],
          ["08-my-tasks", "/tests/my-tasks", "My Pending Tasks"],
          ...(state.testId ? [["10-test-detail-admin", `/tests/${state.testId}`, null]] : []),
          ["11-threat-actors", "/threat-actors", "Threat Actors"],
          ...(actors.items[0] ? [["12-threat-actor-detail", `/threat-actors/${actors.items[0].attack_id}`, actors.items[0].name]] : []),
          ["14-reports", "/reports", "Reports"],
          ["19-snapshots", "/snapshots", "Snapshots"],
          ["15-system", "/system", "MITRE Sync"],
          ["16-audit", "/audit", "Audit Log"],
          ["13-users", "/users", "Users"],
        ];
        for (const [name, path, heading] of screens) {
          await page.goto(path);
          const h1 = page.getByRole("heading", { level: 1 });
          await (heading ? h1.filter({ hasText: heading }) : h1).first().waitFor();
          await settled(page);
          assert((await page.getByRole("alert").filter({ hasText: /went wrong|failed to load/i }).count()) === 0, `${path} shows an error`);
          await screenshot(page, name);
        }
        // The matrix with every sub-technique expanded.
        await page.goto("/matrix");
        await page.getByTestId("matrix").waitFor();
        const expand = page.getByRole("button", { name: "Expand all" });
        if (await expand.count()) await expand.click();
        await screenshot(page, "04-matrix-expanded");
        // Keyboard: the skip link is the first tab stop.
        await page.goto("/");
        await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
        await page.keyboard.press("Tab");
        const focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
        assert(focused.includes("Skip to content"), `first tab stop is "${focused}", expected the skip link`);
      }),
  },
  {
    name: "admin uploads a gzipped bundle on the System screen (progress to 100%, the run succeeds)",
    run: async () => {
      const dir = await mkdtemp(join(tmpdir(), "aegis-bundle-"));
      try {
        const path = join(dir, "mini-enterprise-v1.json.gz");
        await writeFile(path, gzipSync(readFileSync(fixture("mini-enterprise-v1.json"))));
        await withSession("bundle-upload", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto("/system");
          await page.getByRole("heading", { name: "MITRE Sync", level: 1 }).waitFor();
          await settled(page);
          // A file that is not a bundle is refused before anything is sent.
          const card = page.getByRole("region", { name: "Import a STIX bundle" });
          await card.getByLabel("Bundle file").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a bundle") });
          await card.locator("#bundle-file-error").filter({ hasText: ".json, .json.gz or .gz" }).waitFor();
          assert(await card.getByRole("button", { name: "Import bundle" }).isDisabled(), "a refused file can still be imported");
          const runId = await uploadBundle(page, path);
          for (const close of await page.getByRole("button", { name: "Dismiss notification" }).all()) await close.click().catch(() => {});
          await screenshot(page, "15b-system-upload");
          const run = await api(`/api/v1/system/sync-runs/${runId}`, { token: adminToken });
          assert(run.status === "succeeded" && run.trigger === "upload", `the run is ${run.status}, trigger ${run.trigger}`);
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
  // Before the results' axe scenario, so a campaign's page is among the screens it checks.
  ...campaignScenarios({ RUN_ID, adminToken, api, apiRaw, assert, withSession, screenshot, seedUser, settled, tokenFor, useToken }),
  ...resultsScenarios({ RUN_ID, adminToken, api, apiRaw, assert, withSession, screenshot, seedUser, settled, signIn, tokenFor, useToken, firstTechnique }),
  ...matrixScenarios({ adminToken, withSession }),
  ...identityScenarios({ adminToken, apiRaw, assert, withSession, screenshot, seedUser, settled, signIn }),
  ...contentScenarios({ RUN_ID, adminToken, api, apiRaw, assert, withSession, screenshot, seedUser, settled, tokenFor, useToken }),
  ...alertScenarios({ RUN_ID, adminToken, api, apiRaw, assert, withSession, screenshot, settled, useToken }),
  ...metricsScenarios({ adminToken, api, assert, withSession, screenshot, settled, useToken }),
  ...reportScenarios({ RUN_ID, adminToken, api, assert, withSession, screenshot, settled, useToken, firstTechnique }),
  {
    // Last: it changes the catalog (a newer release revokes a technique).
    name: "admin reverts a re-point after an ATT&CK upgrade revoked a tested technique",
    run: async () => {
      const revoked = "T1004";
      const test = await api("/api/v1/tests", {
        token: adminToken,
        method: "POST",
        json: { title: `On a technique about to be revoked ${RUN_ID}`, technique_id: revoked, severity: "low", procedure: "echo" },
      });
      // The next release, uploaded on the System screen as plain JSON.
      let runId = null;
      await withSession("upgrade-upload", async (page, session) => {
        await useToken(session, adminToken);
        await page.goto("/system");
        await page.getByRole("heading", { name: "MITRE Sync", level: 1 }).waitFor();
        await settled(page);
        runId = await uploadBundle(page, fixture("mini-enterprise-v2.json").pathname);
      });
      const run = await api(`/api/v1/system/sync-runs/${runId}`, { token: adminToken });
      assert(run.status === "succeeded", `the upgrade sync ended ${run.status}: ${run.error}`);
      const moved = run.repoints.find((r) => r.from === revoked);
      assert(moved, `the run re-pointed nothing from ${revoked}`);
      const onReplacement = await api(`/api/v1/tests/${test.id}`, { token: adminToken });
      assert(onReplacement.technique_id === moved.to, `the test is on ${onReplacement.technique_id}, expected ${moved.to}`);
      await withSession("repoint", async (page, session) => {
        await useToken(session, adminToken);
        await page.goto("/system");
        const row = page.locator(`tr[data-repoint="${revoked}"]`).first();
        await row.waitFor();
        assert((await row.innerText()).includes(moved.to), "the re-point row does not name the replacement");
        await screenshot(page, "22-system-repoints");
        await row.getByRole("button", { name: `Revert the move from ${revoked} to ${moved.to}` }).click();
        // The revert is asked first (focus on Cancel), then confirmed.
        const ask = page.getByRole("alertdialog", { name: `Move back from ${moved.to} to ${revoked}?` });
        await ask.getByRole("button", { name: "Revert move" }).click();
        await page.locator('[data-toast="success"]', { hasText: `Moved back from ${moved.to} to ${revoked}` }).waitFor();
        await row.getByText("Reverted").waitFor();
        assert((await row.getByRole("button", { name: /Revert/ }).count()) === 0, "a reverted move still offers Revert");
      });
      const back = await api(`/api/v1/tests/${test.id}`, { token: adminToken });
      assert(back.technique_id === revoked, `after the revert the test is on ${back.technique_id}`);
    },
  },
  // After the upgrade: the intel scan that followed it shows what the release changed.
  ...afterUpgradeScenarios({ adminToken, api, assert, withSession, screenshot, settled, useToken }),
];

const ok = await runScenarios(scenarios);
process.exit(ok ? 0 : 1);
