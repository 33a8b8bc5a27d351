// Browser tests: the SPA in headless Chromium (Debian's, driven by playwright-core) against a
// running local runner. Each scenario prints PASS or FAIL; any failure fails the run.
// Screenshots of the main screens are written to frontend/screenshots/.

import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BASE = process.env.AEGIS_URL;
const ADMIN = process.env.AEGIS_ADMIN_USERNAME ?? "admin";
const ADMIN_PASSWORD = process.env.AEGIS_ADMIN_PASSWORD;
const SHOTS = new URL("../../screenshots/", import.meta.url).pathname;
const PASSWORD = "Browser-Test-Pass-1!";
const run = Date.now().toString(36);
const TECHNIQUE = process.env.AEGIS_BROWSER_TECHNIQUE ?? "T1001";

async function apiCall(path, { token, method = "GET", body } = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const results = [];
async function scenario(name, fn) {
  const t = Date.now();
  try {
    await fn();
    results.push([name, "PASS"]);
    console.log(`PASS  ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    results.push([name, "FAIL"]);
    console.log(`FAIL  ${name}\n      ${e.stack ?? e}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${mkdtempSync(join(tmpdir(), "aegis-chromium-"))}`],
});

async function signIn(username, password) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("whoami").waitFor();
  return page;
}

async function shot(page, name) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

// Users for each role, through the API as the admin.
const admin = await apiCall("/api/v1/auth/login", { method: "POST", body: { username: ADMIN, password: ADMIN_PASSWORD } });
// The runner syncs the ATT&CK catalog when it starts; wait for the technique under test.
for (let i = 0; ; i++) {
  try {
    await apiCall(`/api/v1/techniques/${TECHNIQUE}`, { token: admin.access_token });
    break;
  } catch (e) {
    if (i > 120) throw new Error(`the catalog never got ${TECHNIQUE}: ${e}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
const users = {};
for (const role of ["red_tech", "blue_tech", "red_lead", "blue_lead", "viewer"]) {
  const username = `${role.replace("_", "")}${run}`;
  await apiCall("/api/v1/users", { token: admin.access_token, method: "POST", body: { username, password: PASSWORD, role } });
  users[role] = username;
}
let testUrl = null;

await scenario("admin: a wrong password is refused with the server's message, the right one signs in", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await shot(page, "01-login");
  await page.getByLabel("Username").fill(ADMIN);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: /invalid|incorrect|credentials/i }).waitFor();
  await page.getByLabel("Password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await shot(page, "02-dashboard");
  await context.close();
});

await scenario("admin: creates a user on the Users screen; the policy is enforced", async () => {
  const page = await signIn(ADMIN, ADMIN_PASSWORD);
  await page.getByRole("link", { name: "Users" }).click();
  const name = `analyst${run}`;
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Password").fill("weak");
  await page.getByText(/Needs at least 12 characters/).waitFor();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Role", { exact: true }).selectOption("blue_tech");
  await page.getByRole("button", { name: "Create user" }).click();
  await page.getByRole("status").filter({ hasText: `User ${name} created` }).waitFor();
  await page.getByTestId("users").getByText(name, { exact: true }).waitFor();
  await shot(page, "03-users");
  await page.getByRole("link", { name: "Audit Log" }).click();
  await page.getByText("user.create").first().waitFor();
  await shot(page, "04-audit");
  await page.getByRole("link", { name: "System" }).click();
  await page.getByText("mitre-sync").waitFor();
  await shot(page, "05-system");
  await page.context().close();
});

await scenario("red tech: creates a test and executes it with evidence", async () => {
  const page = await signIn(users.red_tech, PASSWORD);
  await page.goto(`${BASE}/tests/new?technique=${TECHNIQUE}`);
  await page.getByLabel("Title").fill(`Browser test ${run}`);
  await page.getByLabel("Platform").fill("Windows");
  await page.getByRole("button", { name: "Create test" }).click();
  await page.getByRole("button", { name: "Start execution" }).click();
  await page.getByTestId("state").filter({ hasText: "red executing" }).waitFor();
  await page.getByLabel("Evidence file").setInputFiles({ name: "mimikatz.log", mimeType: "text/plain", buffer: Buffer.from("sekurlsa::logonpasswords\n".repeat(50)) });
  await page.getByRole("button", { name: "mimikatz.log" }).waitFor({ timeout: 20_000 });
  await page.getByLabel("Red notes").fill("Dumped credentials from LSASS");
  await page.getByRole("button", { name: "Submit red results" }).click();
  await page.getByTestId("state").filter({ hasText: "blue evaluating" }).waitFor();
  testUrl = page.url();
  await shot(page, "06-test-red-done");
  await page.context().close();
});

await scenario("blue tech: sees the task and evaluates the detection", async () => {
  const page = await signIn(users.blue_tech, PASSWORD);
  await page.getByRole("link", { name: "My Tasks" }).click();
  await page.getByRole("link", { name: `Browser test ${run}` }).click();
  await page.getByLabel("Result").selectOption("alerted");
  await page.getByLabel("Alert or rule").fill("LSASS access by unsigned process");
  await page.getByRole("button", { name: "Submit blue results" }).click();
  await page.getByTestId("state").filter({ hasText: "in review" }).waitFor();
  await page.context().close();
});

await scenario("both leads approve: the test is validated", async () => {
  for (const lead of [users.red_lead, users.blue_lead]) {
    const page = await signIn(lead, PASSWORD);
    await page.goto(testUrl);
    await page.getByRole("button", { name: "Approve" }).click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    await page.context().close();
  }
  const page = await signIn(users.blue_lead, PASSWORD);
  await page.goto(testUrl);
  await page.getByTestId("state").filter({ hasText: "validated" }).waitFor();
  await shot(page, "07-test-validated");
  await page.getByRole("link", { name: "Executive" }).click();
  await page.getByRole("heading", { name: "Executive overview" }).waitFor();
  await shot(page, "08-executive");
  await page.context().close();
});

await scenario("the technique turns validated on the matrix", async () => {
  const page = await signIn(users.viewer, PASSWORD);
  await page.getByRole("link", { name: "ATT&CK Matrix" }).click();
  await page.locator(`[data-technique="${TECHNIQUE}"][data-status="validated"]`).first().waitFor();
  await shot(page, "09-matrix");
  await page.getByRole("link", { name: "Techniques" }).click();
  await page.getByText(TECHNIQUE, { exact: true }).first().waitFor();
  await shot(page, "10-techniques");
  await page.context().close();
});

await scenario("a viewer sees no admin screens and no action buttons", async () => {
  const page = await signIn(users.viewer, PASSWORD);
  for (const hidden of ["Users", "System", "Audit Log", "Executive", "My Tasks"]) {
    if (await page.getByRole("link", { name: hidden, exact: true }).count()) throw new Error(`viewer sees ${hidden}`);
  }
  await page.goto(testUrl);
  await page.getByRole("heading", { name: `Browser test ${run}` }).waitFor();
  for (const action of ["Start execution", "Approve", "Reject", "Reopen", "Submit red results", "Submit blue results", "Mark reviewed"]) {
    if (await page.getByRole("button", { name: action }).count()) throw new Error(`viewer sees ${action}`);
  }
  if (await page.getByLabel("Evidence file").count()) throw new Error("viewer may upload");
  await page.getByRole("link", { name: "Tests", exact: true }).click();
  if (await page.getByRole("link", { name: "New test" }).count()) throw new Error("viewer may create tests");
  await shot(page, "11-tests-viewer");
  await page.context().close();
});

await scenario("an expired session returns to the login page with a message", async () => {
  const page = await signIn(users.red_tech, PASSWORD);
  await page.context().clearCookies();
  await page.getByRole("link", { name: "Tests", exact: true }).click();
  await page.getByText("Your session has expired, please sign in again.").waitFor();
  await page.context().close();
});

await browser.close();
const failed = results.filter(([, r]) => r === "FAIL").length;
console.log(`\n${results.length - failed} passed, ${failed} failed; screenshots in ${SHOTS}`);
process.exit(failed ? 1 : 0);
