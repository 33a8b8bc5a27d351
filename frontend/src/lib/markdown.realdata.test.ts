/// <reference types="node" />
// The renderer on ATT&CK's own prose: T1003.001 (LSASS Memory) of the Enterprise 18.1 release,
// read from the project's data directory (AEGIS_DATA_DIR, else ../../shared/data); skipped
// when the data is not there. The oracle is the raw description itself.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

const dataDir = process.env.AEGIS_DATA_DIR ?? resolve(__dirname, "../../../../shared/data");
const bundle = join(dataDir, "attack", "enterprise-attack-18.1.json.gz");

interface StixObject {
  type: string;
  description?: string;
  external_references?: { external_id?: string }[];
}

function description(id: string): string {
  const objects = (JSON.parse(gunzipSync(readFileSync(bundle)).toString("utf8")) as { objects: StixObject[] }).objects;
  const found = objects.find((o) => o.type === "attack-pattern" && o.external_references?.some((r) => r.external_id === id));
  if (!found?.description) throw new Error(`${id} has no description in ${bundle}`);
  return found.description;
}

describe.skipIf(!existsSync(bundle))("ATT&CK T1003.001 as rendered", () => {
  it("keeps its lists, code, links and citations", () => {
    const text = description("T1003.001");
    const { html, references } = renderMarkdown(text, { idPrefix: "d" });
    const root = document.createElement("div");
    root.innerHTML = html;
    // Every "* " bullet of the source is a list item, every <code> and `code` a code element.
    const bullets = text.split("\n").filter((l) => /^\s*\* /.test(l)).length;
    expect(bullets).toBeGreaterThan(2);
    expect(root.querySelectorAll("li")).toHaveLength(bullets);
    const codes = (text.match(/<code>/g) ?? []).length + (text.match(/`[^`]+`/g) ?? []).length;
    expect(root.querySelectorAll("code")).toHaveLength(codes);
    expect([...root.querySelectorAll("li code")].map((c) => c.textContent)).toContain("procdump -ma lsass.exe lsass_dump");
    // Each distinct citation once, numbered in order of first use, none left raw.
    const cited = [...new Set([...text.matchAll(/\(Citation:\s*([^)]+?)\s*\)/g)].map((m) => m[1]))];
    expect(references).toEqual(cited);
    expect(root.textContent).not.toContain("(Citation:");
    // ATT&CK technique links stay in the app; the tactic page (no screen of its own) opens outside.
    const hrefs = [...root.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(hrefs).toContain("/techniques/T1550");
    expect(hrefs).toContain("/techniques/T1546.012");
    expect(root.querySelector('a[href="https://attack.mitre.org/tactics/TA0008"]')).toHaveAttribute("target", "_blank");
  });
});
