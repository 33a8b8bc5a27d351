// Browser scenarios of identity (features/auth, features/api-tokens), spread into run.mjs's list:
// `...identityScenarios({ adminToken, apiRaw, assert, withSession, screenshot, seedUser, settled, signIn })`.
// A user turns on two-factor sign-in on its page and signs in with a code this file computes
// itself (RFC 6238 with node's crypto, not the app's library); an API token is created on its
// page, shown once, used against the API, and revoked.
import { createHmac } from "node:crypto";

/** RFC 4648 base32 (no padding) to bytes. */
function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, "").replace(/\s/g, "").toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (HMAC-SHA-1, 6 digits, 30 s steps) of `secret` for time step `step`. */
export function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = h[19] & 0x0f;
  const bin = ((h[offset] & 0x7f) << 24) | (h[offset + 1] << 16) | (h[offset + 2] << 8) | h[offset + 3];
  return String(bin % 1_000_000).padStart(6, "0");
}

const stepNow = () => Math.floor(Date.now() / 1000 / 30);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// RFC 6238 appendix B (SHA-1), truncated to 6 digits: the oracle itself is checked first.
if (totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Math.floor(59 / 30)) !== "287082") throw new Error("the TOTP oracle is wrong");

export function identityScenarios({ adminToken, apiRaw, assert, withSession, screenshot, seedUser, settled, signIn }) {
  return [
    {
      name: "a user turns on two-factor sign-in and signs in with a code computed by the test",
      run: async () => {
        const user = await seedUser(adminToken, "viewer", "mfa");
        let confirmedStep = 0;
        await withSession("mfa-enrol", async (page) => {
          await signIn(page, user.username, user.password);
          await page.getByTestId("current-user").click();
          await page.getByRole("menuitem", { name: "Set up two-factor sign-in" }).click();
          await page.getByRole("heading", { name: "Set up two-factor sign-in" }).waitFor();
          const secret = (await page.getByLabel("Secret key").innerText()).trim();
          assert(/^[A-Z2-7]{16,}$/.test(secret), `a base32 secret is shown, not ${secret}`);
          confirmedStep = stepNow();
          await page.getByLabel("Code from the app").fill(totp(secret, confirmedStep));
          await page.getByRole("button", { name: "Turn on" }).click();
          const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
          await codes.first().waitFor();
          assert((await codes.count()) === 10, "ten recovery codes are shown once");
          await screenshot(page, "mfa-recovery-codes");
          await page.getByRole("button", { name: "Continue" }).click();
          await page.getByTestId("current-user").waitFor();
          user.secret = secret;
        });

        // then a new sign-in asks for a code, and one computed here completes it
        await withSession("mfa-sign-in", async (page) => {
          await page.goto("/login");
          await page.getByLabel("Username").fill(user.username);
          await page.getByLabel("Password", { exact: true }).fill(user.password);
          await page.getByRole("button", { name: "Sign in" }).click();
          const codeField = page.getByLabel("Authentication code");
          await codeField.waitFor();
          assert(!(await page.getByTestId("current-user").isVisible()), "no session before the second factor");
          // A step works once: the enrolment used one, so the sign-in takes the next.
          while (stepNow() <= confirmedStep) await sleep(500);
          await codeField.fill(totp(user.secret, stepNow()));
          await page.getByRole("button", { name: "Verify" }).click();
          await page.getByTestId("current-user").waitFor();
          await settled(page);
        });
      },
    },
    {
      name: "an API token is created on its page, shown once, used against the API and revoked",
      run: async () => {
        const lead = await seedUser(adminToken, "red_lead", "tokens");
        await withSession("api-tokens", async (page) => {
          await signIn(page, lead.username, lead.password);
          await page.getByTestId("current-user").click();
          await page.getByRole("menuitem", { name: "API tokens" }).click();
          await page.getByRole("heading", { name: "API tokens" }).waitFor();
          await page.getByRole("button", { name: "Create token" }).click();
          const form = page.getByRole("form", { name: "Create API token" });
          await form.getByLabel("Name").fill("nightly export");
          await form.getByLabel("Expires in (days)").fill("7");
          await form.getByLabel("Role").selectOption("viewer");
          await form.getByLabel("Read-only").check();
          await form.getByRole("button", { name: "Create token" }).click();
          const shown = page.getByTestId("new-api-token");
          await shown.waitFor();
          const token = (await shown.innerText()).trim();
          assert(token.startsWith("aegis_pat_"), `the token is shown: ${token}`);
          await screenshot(page, "api-token-created");
          await page.getByRole("button", { name: "Done" }).click();
          const row = page.locator("tr[data-token-name='nightly export']");
          await row.waitFor();
          const listed = await row.innerText();
          assert(listed.includes("Never") && listed.includes("Viewer") && listed.includes("Read-only"), `listed as a read-only viewer token, not used yet: ${listed}`);

          // the token works against the API for its owner, and cannot write (read-only viewer)
          const me = await apiRaw("/api/v1/auth/me", { token });
          assert(me.status === 200 && me.body.username === lead.username, `the token authenticates: ${me.status}`);
          const write = await apiRaw("/api/v1/tests", { token, method: "POST", json: { title: "by token", technique_id: "T1059", severity: "low", procedure: "echo" } });
          assert(write.status === 403, `a read-only viewer token cannot create a test (its owner could): ${write.status}`);

          // its use shows on the page
          await page.reload();
          await row.waitFor();
          await settled(page);
          assert(!(await row.innerText()).includes("Never"), "the last use is shown");

          // revoked on the page, refused by the API
          await row.getByRole("button", { name: "Revoke nightly export" }).click();
          await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
          await row.waitFor({ state: "detached" });
          const after = await apiRaw("/api/v1/auth/me", { token });
          assert(after.status === 401, `a revoked token is refused: ${after.status}`);
        });
      },
    },
  ];
}
