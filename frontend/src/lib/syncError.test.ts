import { describe, expect, it } from "vitest";
import { networkCause, summarizeFallback, summarizeSyncError } from "./syncError";

describe("summarizeSyncError", () => {
  it("says in plain words that neither ATT&CK source could be used, and why, with the server's text as details", () => {
    const raw =
      "TAXII failed (https://attack-taxii.mitre.org/api/v21/collections/x/objects/: error sending request for url (https://attack-taxii.mitre.org/…): client error (Connect): dns error: failed to lookup address information: Name or service not known); bundle URL failed (https://raw.githubusercontent.com/mitre/cti/master/enterprise-attack/enterprise-attack.json: timed out)";
    const s = summarizeSyncError(raw);
    expect(s.summary).toBe("ATT&CK could not be downloaded: neither MITRE's TAXII server nor the bundle URL could be used (the bundle URL: it did not answer in time). The catalog was not changed.");
    expect(s.details).toBe(raw);
  });

  it("words the server's other failures", () => {
    expect(summarizeSyncError("another sync run (3f2a…) is in progress; this one did not write").summary).toBe("Another run was already in progress, so this one changed nothing.");
    expect(summarizeSyncError("another run of this source (9c1…) is in progress; this one did not write").summary).toMatch(/^Another run was already in progress/);
    expect(summarizeSyncError("12 items could not be written").summary).toBe("12 items could not be saved; the rest of the run was.");
    expect(summarizeSyncError("1 records could not be written").summary).toBe("1 record could not be saved; the rest of the run was.");
    expect(summarizeSyncError("not a usable ATT&CK bundle: expected value at line 1 column 1").summary).toMatch(/^The file is not a usable ATT&CK bundle/);
    expect(summarizeSyncError("writing the catalog: ProvisionedThroughputExceeded").summary).toBe("The catalog could not be saved to the database; the run stopped.");
    expect(summarizeSyncError("could not take the sync lease: throttled").summary).toMatch(/^The run could not start/);
  });

  it("keeps a refused archive's reason in the summary, as it names the entry", () => {
    const s = summarizeSyncError("the archive was refused: ../escape-1.yaml leaves the archive");
    expect(s).toEqual({ summary: "The archive was refused: ../escape-1.yaml leaves the archive", details: null });
  });

  it("falls back to the network cause, then to a plain failure, never hiding the text", () => {
    expect(summarizeSyncError("https://example.org/x.json: HTTP 404 Not Found")).toEqual({
      summary: "The source could not be downloaded: the file was not found there (HTTP 404).",
      details: "https://example.org/x.json: HTTP 404 Not Found",
    });
    expect(summarizeSyncError("something odd")).toEqual({ summary: "The run failed.", details: "something odd" });
  });
});

describe("networkCause", () => {
  it("reads the HTTP client's words", () => {
    expect(networkCause("HTTP 503 Service Unavailable")).toBe("the server had an error (HTTP 503)");
    expect(networkCause("HTTP 403 Forbidden")).toBe("access was refused (HTTP 403)");
    expect(networkCause("error trying to connect: tcp connect error: Connection refused (os error 111)")).toBe("it could not be reached");
    expect(networkCause("invalid peer certificate: UnknownIssuer")).toMatch(/certificate/);
    expect(networkCause("bad JSON")).toBeNull();
  });
});

describe("summarizeFallback", () => {
  it("says the bundle URL was used instead of TAXII", () => {
    expect(summarizeFallback("https://attack-taxii.mitre.org/…: HTTP 502 Bad Gateway").summary).toBe(
      "MITRE's TAXII server could not be used: the server had an error (HTTP 502). The bundle URL was used instead.",
    );
  });
});
