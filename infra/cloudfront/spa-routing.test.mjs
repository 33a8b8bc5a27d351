// Runs the CloudFront SPA routing function (spa-routing.js, the code template.yaml inlines)
// against a table of paths. Plain node, no dependencies:  node infra/cloudfront/spa-routing.test.mjs
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const file = fileURLToPath(new URL("./spa-routing.js", import.meta.url));
const code = readFileSync(file, "utf8");

// CloudFront Functions: at most 10 KB of code, and the entry point is `function handler(event)`.
const failures = [];
if (Buffer.byteLength(code, "utf8") > 10 * 1024) failures.push(`code is over 10 KB`);
if (!/^function handler\(event\) \{$/m.test(code)) failures.push("no top-level `function handler(event) {`");

// The function's own scope, as CloudFront evaluates it: no require, no module system.
const handler = vm.runInNewContext(`${code}\n;handler`, {}, { filename: file });

const INDEX = "/index.html";
const table = [
  // client-side routes, dots included
  ["/", INDEX],
  ["/login", INDEX],
  ["/matrix", INDEX],
  ["/executive", INDEX],
  ["/techniques", INDEX],
  ["/techniques/T1059", INDEX],
  ["/techniques/T1059.001", INDEX],
  ["/tests", INDEX],
  ["/tests/my-tasks", INDEX],
  ["/tests/new", INDEX],
  ["/tests/abc.def", INDEX],
  ["/tests/3f2c1a9e-8d4b-4c7e-9a1f-2b3c4d5e6f70", INDEX],
  ["/threat-actors/G0016", INDEX],
  ["/snapshots", INDEX],
  ["/system", INDEX],
  ["/users/", INDEX],
  ["/T1059.001", INDEX],
  ["/tests/report.png", INDEX], // a file name below a route is still the route
  ["/assets", INDEX],
  ["/assetsfoo/x.js", INDEX],
  ["/.vite/manifest.json", INDEX], // build metadata is not served
  ["/index.htm", INDEX],
  // real files of frontend/dist
  ["/index.html", "/index.html"],
  ["/assets/index-B2x9kQ1a.js", "/assets/index-B2x9kQ1a.js"],
  ["/assets/index-Cq3LmN0p.css", "/assets/index-Cq3LmN0p.css"],
  ["/assets/MatrixPage-D4e5F6g7.js", "/assets/MatrixPage-D4e5F6g7.js"],
  ["/assets/fonts/inter.woff2", "/assets/fonts/inter.woff2"],
  ["/favicon.svg", "/favicon.svg"],
  ["/favicon.ico", "/favicon.ico"],
  ["/robots.txt", "/robots.txt"],
  ["/manifest.webmanifest", "/manifest.webmanifest"],
  ["/apple-touch-icon.png", "/apple-touch-icon.png"],
  ["/logo-192.png", "/logo-192.png"],
];

for (const [uri, expected] of table) {
  const event = {
    version: "1.0",
    context: { eventType: "viewer-request" },
    viewer: { ip: "203.0.113.7" },
    request: { method: "GET", uri, querystring: { v: { value: "1" } }, headers: { host: { value: "example.cloudfront.net" } }, cookies: {} },
  };
  let out;
  try {
    out = handler(event);
  } catch (e) {
    failures.push(`${uri}: threw ${e}`);
    continue;
  }
  if (!out || out.uri !== expected) failures.push(`${uri}: expected ${expected}, got ${out && out.uri}`);
  else if (out.querystring?.v?.value !== "1" || out.headers?.host?.value !== "example.cloudfront.net")
    failures.push(`${uri}: the request's other fields changed`);
}

if (failures.length) {
  console.error(`spa-routing: ${failures.length} failure(s)\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`spa-routing: ${table.length} paths routed as expected`);
