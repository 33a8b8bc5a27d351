// Browser scenario of the Reports screen's Exports card (features/reports, ExportJobs), spread
// into run.mjs's list: `...reportScenarios(helpers)`. Two tests are created through the API (one
// with a comma and quotes in its title, so the CSV must quote it), then the admin starts an export
// of the test results as CSV from yesterday on through the Exports form: the request carries what
// was chosen, the new job's row follows it until it reads Ready (bounded), names its period and
// its rows as the API counts them, and offers a Download link. The file behind that link, fetched
// from Node, is a CSV with the report's header and exactly the tests the API lists for the same
// period (the data persists between runs, so the expected set is read from the API, not assumed).
// axe-core finds no serious or critical violation on the screen with the finished export listed.
import { seriousViolations, utcDay } from "./harness.mjs";

/** The test-results report's columns, in order (shared/reports/src/rows.rs, TestResult::HEADER). */
const TEST_RESULTS_HEADER = [
  "id",
  "title",
  "technique_id",
  "technique_name",
  "state",
  "severity",
  "platform",
  "executed",
  "succeeded",
  "detection",
  "alerts",
  "time_to_detect_secs",
  "created_by",
  "created_at",
  "validated_at",
];

/** RFC 4180 records of `text` (quoted cells may hold commas, doubled quotes and line breaks). */
function parseCsv(text) {
  const records = [];
  let record = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      record.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
    } else {
      cell += c;
    }
  }
  if (cell !== "" || record.length) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/**
 * @param {object} h the helpers run.mjs has: RUN_ID, adminToken, api, assert, withSession,
 *   screenshot, settled, useToken, firstTechnique
 */
export function reportScenarios(h) {
  const { RUN_ID, adminToken, api, assert, withSession, screenshot, settled, useToken, firstTechnique } = h;

  const guard = async () => {
    const doc = await api("/api/v1/openapi.json");
    return Object.keys(doc.paths ?? {}).includes("/api/v1/reports/jobs") ? null : "the server has no /api/v1/reports/jobs yet";
  };

  /** Every test the API lists for `query`, page after page. */
  async function listAll(query) {
    const items = [];
    let cursor = null;
    for (let pages = 0; pages < 200; pages++) {
      const page = await api(`/api/v1/tests?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: adminToken });
      items.push(...page.items);
      cursor = page.next_cursor;
      if (!cursor) return items;
    }
    throw new Error(`/api/v1/tests?${query} did not end after 200 pages`);
  }

  const isStartJob = (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/v1/reports/jobs";

  return [
    {
      name: "reports: an export of the test results as CSV started in the Exports form becomes Ready with its rows, and its download holds every test of its period",
      guard,
      run: async () => {
        const technique = await firstTechnique();
        const create = (title) =>
          api("/api/v1/tests", { token: adminToken, method: "POST", json: { title, technique_id: technique.attack_id, severity: "high", procedure: "whoami /priv" } });
        const plain = await create(`Export plain ${RUN_ID}`);
        const quoted = await create(`Export ${RUN_ID}, with "quotes"`);
        await api(`/api/v1/tests/${quoted.id}/start-execution`, { token: adminToken, method: "POST", json: {} });

        // From yesterday (UTC) on: today's tests are all in it whenever this runs.
        const fromDay = utcDay(-1);
        const from = `${fromDay}T00:00:00Z`;
        const expected = await listAll(`from=${encodeURIComponent(from)}`);
        for (const t of [plain, quoted]) assert(expected.some((x) => x.id === t.id), `the API does not list the new test ${t.title} from ${from}`);

        let job = null;
        let href = null;
        const problems = [];
        await withSession("report-export", async (page, session) => {
          await useToken(session, adminToken);
          await page.goto("/");
          await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).first().click();
          await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();
          const exports = page.getByRole("region", { name: "Exports" });
          await exports.waitFor();
          await settled(page);

          const form = exports.getByRole("form", { name: "Start an export" });
          await form.getByLabel("Report", { exact: true }).selectOption("test-results");
          await form.getByLabel("Format", { exact: true }).selectOption("csv");
          await form.getByLabel("Tests from", { exact: true }).fill(fromDay);
          // An end before the start is refused in the form, then cleared.
          await form.getByLabel("Tests until", { exact: true }).fill(utcDay(-2));
          await form.locator("#export-to-error").filter({ hasText: "The end must not be before the start." }).waitFor();
          assert(await form.getByRole("button", { name: "Start export" }).isDisabled(), "an export ending before it starts can be started");
          await form.getByLabel("Tests until", { exact: true }).fill("");
          await form.locator("#export-to-error").waitFor({ state: "detached" });

          const started = page.waitForResponse(isStartJob);
          await form.getByRole("button", { name: "Start export" }).click();
          const response = await started;
          assert(response.status() === 202, `POST /api/v1/reports/jobs answered ${response.status()}: ${await response.text()}`);
          const sent = response.request().postDataJSON();
          assert(sent.kind === "test-results" && sent.format === "csv", `the form sent ${JSON.stringify(sent)}`);
          assert(sent.from === from && sent.to === undefined, `the form sent the period ${sent.from} to ${sent.to}, expected ${from} to nothing`);
          job = await response.json();
          await page.locator('[data-toast="success"]', { hasText: "Export of test results as CSV started" }).waitFor();

          // The new job's row, followed by the page (every 2 s) until it is built.
          const row = exports.locator(`tr[data-job="${job.id}"]`);
          await row.waitFor();
          assert((await row.innerText()).includes("Test results (CSV)"), `the new row reads "${await row.innerText()}"`);
          await row.getByText(/^Tests from .+ to now$/).waitFor();
          await row.getByText(/^(Ready|Failed)$/).waitFor({ timeout: 30_000 });
          const status = (await row.getByText(/^(Ready|Failed)$/).innerText()).trim();
          assert(status === "Ready", `the export failed: ${await row.innerText()}`);
          const built = await api(`/api/v1/reports/jobs/${job.id}`, { token: adminToken });
          assert(built.status === "done", `the page says Ready, the API says ${built.status}`);
          assert(built.rows === expected.length, `the job has ${built.rows} rows, the API lists ${expected.length} tests from ${from}`);
          const rows = `${expected.length.toLocaleString("en")} ${expected.length === 1 ? "row" : "rows"}`;
          await row.getByText(new RegExp(`^${rows} · \\d`)).waitFor();

          const link = row.getByRole("link", { name: "Download Test results (CSV)" });
          href = await link.getAttribute("href");
          assert(href && /^https?:\/\//.test(href), `the download link's href is ${href}`);
          assert((await link.getAttribute("download")) !== null, "the download link does not ask the browser to save the file");
          problems.push(...(await seriousViolations(page)).map((v) => `/reports (export listed): ${v}`));
          await screenshot(page, "70-report-exports");
        });
        assert(problems.length === 0, `axe found serious or critical violations:\n        ${problems.join("\n        ")}`);

        // The file behind the link: the header, then one row per test of the period.
        const file = await fetch(href);
        const bytes = Buffer.from(await file.arrayBuffer());
        assert(file.status === 200, `the download answered ${file.status}: ${bytes.toString("utf8", 0, 300)}`);
        // The bytes, not text(): decoding as text drops the byte-order mark.
        assert(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), "the CSV has no byte-order mark");
        const records = parseCsv(bytes.toString("utf8", 3));
        assert(JSON.stringify(records[0]) === JSON.stringify(TEST_RESULTS_HEADER), `the CSV header is ${records[0]?.join(",")}`);
        const data = records.slice(1);
        assert(data.length === expected.length, `the CSV has ${data.length} data rows, the API lists ${expected.length} tests from ${from}`);
        assert(data.every((r) => r.length === TEST_RESULTS_HEADER.length), "a CSV row does not have one cell per column");
        const ids = new Set(data.map((r) => r[0]));
        const missing = expected.filter((t) => !ids.has(t.id)).map((t) => t.title);
        assert(missing.length === 0, `tests missing from the CSV: ${missing.join("; ")}`);
        for (const t of [plain, quoted]) {
          const r = data.find((x) => x[0] === t.id);
          assert(r[1] === t.title, `the CSV's title of ${t.id} is "${r[1]}", expected "${t.title}"`);
          assert(r[2] === technique.attack_id, `the CSV's technique of ${t.title} is ${r[2]}`);
        }
        assert(data.find((x) => x[0] === quoted.id)[4] === "red_executing", "the CSV does not give the started test's state");
      },
    },
  ];
}
