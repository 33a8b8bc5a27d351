// The browser-test harness: headless Debian Chromium driven by playwright-core, a fresh profile
// per session, loopback-only network, seeding through the API, and a readable per-scenario report.
import { readFileSync } from "node:fs";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const BASE = (process.env.AEGIS_URL ?? "").replace(/\/$/, "");
export const ADMIN = {
  username: process.env.AEGIS_ADMIN_USERNAME ?? "admin",
  password: process.env.AEGIS_ADMIN_PASSWORD ?? "",
};
export const SCREENSHOTS = new URL("../../screenshots/", import.meta.url).pathname;
export const RUN_ID = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** A browser session with its own fresh profile; `close()` removes the profile. */
export async function openSession(label) {
  const profile = await mkdtemp(join(tmpdir(), "aegis-browser-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    baseURL: BASE,
  });
  // Only loopback: anything else is refused, so a test can never reach the internet.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || LOOPBACK.has(url.hostname)) return route.continue();
    return route.abort("blockedbyclient");
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(`${label}: ${e.message}`));
  page.setDefaultTimeout(15_000);
  return {
    context,
    page,
    errors,
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Signs in through the login form and waits for `landing` (by default the signed-in layout:
 * the dashboard, or the screen the user was sent away from).
 */
export async function signIn(page, username, password, landing) {
  await page.goto("/login");
  await submitSignIn(page, username, password, landing);
}

/**
 * Fills in and submits the login form already on the page (keeping what the page was told, such
 * as where to return), then waits for `landing`. The server allows 5 sign-ins a minute per
 * address; when it says to wait, this waits as long as it says and submits again.
 */
export async function submitSignIn(page, username, password, landing = (p) => p.getByTestId("current-user")) {
  const limited = page.getByRole("alert").filter({ hasText: "Too many sign-in attempts" });
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The previous refusal goes while the new attempt is under way.
    if (attempt > 0) await limited.waitFor({ state: "detached", timeout: 5000 }).catch(() => {});
    const arrived = landing(page);
    await Promise.race([arrived.waitFor(), limited.waitFor()]);
    if (await arrived.isVisible()) return;
    const seconds = Number(/in (\d+) s/.exec(await limited.innerText())?.[1] ?? 30);
    console.log(`      (sign-in rate limit: waiting ${seconds + 1} s)`);
    await sleep((seconds + 1) * 1000);
  }
  throw new Error(`could not sign in as ${username}`);
}

/** Starts a session with an API token as the session cookie (no sign-in through the form). */
export async function useToken(session, token) {
  await session.context.addCookies([
    { name: "aegis_token", value: token, url: BASE, httpOnly: true, sameSite: "Strict" },
  ]);
}

/** Waits until no loading indicator is left in the main area. */
export async function settled(page) {
  await page.waitForLoadState("networkidle").catch(() => {});
  await page
    .locator("main [role=status]", { hasText: "Loading" })
    .first()
    .waitFor({ state: "detached", timeout: 15_000 })
    .catch(() => {});
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A call to the API with a bearer token: its status and parsed body, whatever the status. */
export async function apiRaw(path, { token, method = "GET", json } = {}) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, text };
}

/** A JSON call to the API with a bearer token (seeding only; the SPA itself uses the cookie). */
export async function api(path, { token, method = "GET", json } = {}) {
  const res = await apiRaw(path, { token, method, json });
  if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status}: ${res.body?.detail ?? res.text}`);
  return res.body;
}

export async function tokenFor(username, password) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const res = await fetch(`${BASE}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    if (res.status === 429) {
      const seconds = Number(res.headers.get("retry-after") ?? 30);
      console.log(`      (sign-in rate limit: waiting ${seconds + 1} s)`);
      await sleep((seconds + 1) * 1000);
      continue;
    }
    const body = await res.json();
    if (!res.ok) throw new Error(`login as ${username} → ${res.status}: ${body.detail}`);
    return body.access_token;
  }
  throw new Error(`could not sign in as ${username}`);
}

/** A password that meets the policy. */
export function strongPassword() {
  return `Br0wser-${Math.random().toString(36).slice(2, 10)}-Aa!`;
}

/** Creates a user of `role` with a unique name for this run; returns its credentials. */
export async function seedUser(adminToken, role, prefix = role.replace("_", "")) {
  const username = `${prefix}-${RUN_ID}`;
  const password = strongPassword();
  await api("/api/v1/users", { token: adminToken, method: "POST", json: { username, password, role, full_name: `Browser ${role}` } });
  return { username, password, role };
}

/** Runs scenarios in order and prints PASS / FAIL / SKIPPED per scenario and a summary. */
export async function runScenarios(scenarios) {
  const results = [];
  for (const s of scenarios) {
    const t0 = Date.now();
    if (s.guard) {
      const reason = await s.guard();
      if (reason) {
        console.log(`SKIPPED: ${s.name} (${reason})`);
        results.push("skipped");
        continue;
      }
    }
    try {
      await s.run();
      console.log(`PASS  ${s.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      results.push("passed");
    } catch (e) {
      console.log(`FAIL  ${s.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n      ${String(e?.stack ?? e).split("\n").slice(0, 6).join("\n      ")}`);
      results.push("failed");
    }
  }
  const count = (k) => results.filter((r) => r === k).length;
  console.log(`\n${count("passed")} passed, ${count("failed")} failed, ${count("skipped")} skipped`);
  return count("failed") === 0 && count("passed") > 0;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs `trigger` and returns the download it starts (name and text). */
export async function expectDownload(page, trigger) {
  const [download] = await Promise.all([page.waitForEvent("download"), trigger()]);
  const path = await download.path();
  const { readFile } = await import("node:fs/promises");
  return { name: download.suggestedFilename(), text: await readFile(path, "utf8") };
}

/** An ATT&CK Navigator layer (format 4.5) holding `ids`, as a file for `setInputFiles`. */
export function navigatorLayer(name, ids) {
  const layer = {
    name,
    versions: { attack: "18", navigator: "5.1.0", layer: "4.5" },
    domain: "enterprise-attack",
    description: "Browser test profile",
    techniques: ids.map((techniqueID) => ({ techniqueID, score: 1, enabled: true })),
  };
  return { name: "actor-layer.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(layer, null, 2)) };
}

/** axe-core's own build from node_modules, evaluated in the page (no network). */
const AXE_SOURCE = readFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

/**
 * Serious and critical axe violations on the page as it is now (id, impact, help, first nodes,
 * how many nodes), over the whole document or only `within` (axe's include list, e.g. [["main"]]).
 */
export async function axeViolations(page, within = null) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (include) => {
    const result = await window.axe.run(include ? { include } : document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, count: v.nodes.length, nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")} (${(n.failureSummary ?? "").split("\n")[1]?.trim() ?? ""})`) }));
  }, within);
}

/** The same violations, one line each, for a scenario's list of problems. */
export async function seriousViolations(page) {
  return (await axeViolations(page)).map((v) => `${v.impact} ${v.id}: ${v.help} → ${v.nodes.join("; ")}`);
}

/** `YYYY-MM-DD` (UTC), `days` from now. */
export const utcDay = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
