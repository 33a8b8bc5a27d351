// Viewer-request function of the web app's default behavior (cloudfront-js-2.0). Files of the
// built SPA pass through: everything under /assets/ and the files Vite copies from
// frontend/public to the root (favicon.svg today; icons, robots.txt, a web manifest later).
// Every other path is a client-side route and is answered with /index.html, dots included:
// /techniques/T1059.001 and /tests/abc.def are routes, not files. /api/* and /health never get
// here: their own behaviors send them to the HTTP API.
// Single source: template.yaml inlines this file byte for byte (infra/scripts/lint-template.py
// checks it; infra/cloudfront/spa-routing.test.mjs runs it against a table of paths).
var ROOT_FILE = /^\/[^\/]+\.(ico|svg|png|jpg|jpeg|gif|webp|txt|xml|webmanifest)$/;

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf('/assets/') === 0 || uri === '/index.html' || ROOT_FILE.test(uri)) {
    return request;
  }
  request.uri = '/index.html';
  return request;
}
