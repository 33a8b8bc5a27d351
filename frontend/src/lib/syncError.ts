//! A sync run's error in plain words. The server records what went wrong as its own chain of
//! messages ("TAXII failed (https://…: error sending request: dns error …); bundle URL failed
//! (…)"): right for whoever debugs it, not for the admin who reads the run list. The summary
//! says what happened and what it means; the server's text stays available as the details.

export interface SyncErrorText {
  /** One sentence in plain words. */
  summary: string;
  /** The server's text, when the summary does not already say all of it. */
  details: string | null;
}

/** Why a download failed, from the HTTP client's words, or null when they say nothing known. */
export function networkCause(text: string): string | null {
  if (/timed? ?out|deadline has elapsed/i.test(text)) return "it did not answer in time";
  const http = /\bHTTP (\d{3})\b/.exec(text);
  if (http) {
    const code = Number(http[1]);
    if (code === 404) return "the file was not found there (HTTP 404)";
    if (code === 401 || code === 403) return `access was refused (HTTP ${code})`;
    if (code === 429) return "too many requests were made (HTTP 429)";
    if (code >= 500) return `the server had an error (HTTP ${code})`;
    return `the server answered HTTP ${code}`;
  }
  if (/dns error|failed to lookup|name or service not known|no such host|nodename nor servname/i.test(text)) return "its address could not be found (no DNS answer)";
  if (/certificate|tls|ssl|handshake/i.test(text)) return "a secure connection could not be set up (certificate or TLS problem)";
  if (/connection refused|error trying to connect|tcp connect|network is unreachable|connection reset|error sending request/i.test(text)) return "it could not be reached";
  return null;
}

const RULES: readonly { test: RegExp; say: (m: RegExpExecArray, raw: string) => string; keep?: boolean }[] = [
  { test: /another (?:sync run|run of this source) .* is in progress/i, say: () => "Another run was already in progress, so this one changed nothing." },
  { test: /could not take the (?:sync|source) lease/i, say: () => "The run could not start: the lock that keeps two runs apart was not available. Try again in a few minutes." },
  { test: /could not dispatch the run/i, say: () => "The run could not be handed to the background worker; nothing was read." },
  {
    test: /TAXII failed \((.*)\); bundle URL failed \((.*)\)$/is,
    say: (m) => {
      const cause = networkCause(m[2] ?? "");
      return `ATT&CK could not be downloaded: neither MITRE's TAXII server nor the bundle URL could be used${cause ? ` (the bundle URL: ${cause})` : ""}. The catalog was not changed.`;
    },
  },
  { test: /^(\d+) (items|records) could not be written/i, say: (m) => `${m[1]} ${m[1] === "1" ? m[2]!.replace(/s$/, "") : m[2]} could not be saved; the rest of the run was.` },
  { test: /not a usable ATT&CK bundle/i, say: () => "The file is not a usable ATT&CK bundle (STIX 2.1 JSON); the catalog was not changed." },
  { test: /reading the (?:upload|archive|file)/i, say: () => "The uploaded file could not be read to the end; nothing was imported." },
  // The refusal names the entry or the rule it broke: kept in the summary.
  { test: /the archive was refused: (.*)$/is, say: (m) => `The archive was refused: ${m[1]}`, keep: true },
  { test: /expected one Mappings Explorer JSON file, found (\d+)/i, say: (m) => `The archive must hold exactly one Mappings Explorer JSON file; it holds ${m[1]}.` },
  { test: /writing the (\w+)/i, say: (m) => `The ${m[1]} could not be saved to the database; the run stopped.` },
];

/** `raw` (a run's `error`) as a sentence in plain words, with the server's text as details. */
export function summarizeSyncError(raw: string): SyncErrorText {
  const text = raw.trim();
  for (const rule of RULES) {
    const m = rule.test.exec(text);
    if (m) return { summary: rule.say(m, text), details: rule.keep ? null : text };
  }
  const cause = networkCause(text);
  return { summary: cause ? `The source could not be downloaded: ${cause}.` : "The run failed.", details: text };
}

/** A sync's TAXII fallback (`fallback_reason`) in plain words. */
export function summarizeFallback(raw: string): SyncErrorText {
  const cause = networkCause(raw);
  return { summary: `MITRE's TAXII server could not be used${cause ? `: ${cause}` : ""}. The bundle URL was used instead.`, details: raw.trim() };
}
