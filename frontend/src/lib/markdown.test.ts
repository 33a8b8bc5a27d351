import { describe, expect, it } from "vitest";
import { inAppPath, renderMarkdown } from "./markdown";

/** The rendered HTML as a DOM, to ask it questions. */
function dom(text: string, options?: Parameters<typeof renderMarkdown>[1]) {
  const { html, references } = renderMarkdown(text, options);
  const root = document.createElement("div");
  root.innerHTML = html;
  return { root, html, references };
}

describe("renderMarkdown", () => {
  it("renders lists, inline code and code blocks", () => {
    const { root } = dom("Adversaries may:\n\n* dump `lsass.exe`\n* read the SAM\n\n```\nprocdump -ma lsass.exe out.dmp\n```");
    expect([...root.querySelectorAll("ul > li")].map((li) => li.textContent)).toEqual(["dump lsass.exe", "read the SAM"]);
    expect(root.querySelector("li code")?.textContent).toBe("lsass.exe");
    expect(root.querySelector("pre > code")?.textContent).toBe("procdump -ma lsass.exe out.dmp\n");
  });

  it("keeps ATT&CK's inline <code> tags", () => {
    const { root } = dom("Run <code>sekurlsa::logonpasswords</code> in Mimikatz.");
    expect(root.querySelector("code")?.textContent).toBe("sekurlsa::logonpasswords");
  });

  it("strips scripts, event handlers, images, styles and javascript: links", () => {
    const { root, html } = dom(
      'Hello <script>alert(1)</script><img src=x onerror="alert(2)"><style>p{}</style> <a href="javascript:alert(3)">x</a> <b onclick="alert(4)">bold</b>',
    );
    expect(root.querySelector("script, img, style, [onerror], [onclick]")).toBeNull();
    expect(html).not.toMatch(/alert\(/);
    expect(root.querySelector("a")?.hasAttribute("href")).toBe(false);
    expect(root.querySelector("b")?.textContent).toBe("bold");
  });

  it("strips a script in a fenced block too, showing it as text only", () => {
    const { root } = dom("```html\n<script>alert(1)</script>\n```");
    expect(root.querySelector("script")).toBeNull();
    expect(root.querySelector("pre code")?.textContent).toContain("<script>alert(1)</script>");
  });

  it("links technique ids in the app, but not inside code", () => {
    const { root } = dom("See T1003 and T1003.001, not `T1059` here.");
    const links = [...root.querySelectorAll("a")];
    expect(links.map((a) => [a.textContent, a.getAttribute("href"), a.dataset.internal])).toEqual([
      ["T1003", "/techniques/T1003", "true"],
      ["T1003.001", "/techniques/T1003.001", "true"],
    ]);
    expect(root.querySelector("code")?.textContent).toBe("T1059");
  });

  it("keeps ATT&CK links in the app and opens other links in a new tab", () => {
    const { root } = dom("[PowerShell](https://attack.mitre.org/techniques/T1059/001) and [the docs](https://learn.microsoft.com/x)");
    const [inApp, outside] = [...root.querySelectorAll("a")];
    expect(inApp).toHaveAttribute("href", "/techniques/T1059.001");
    expect(inApp).toHaveAttribute("data-internal", "true");
    expect(outside).toHaveAttribute("target", "_blank");
    expect(outside).toHaveAttribute("rel", "noopener noreferrer");
  });

  it("numbers citations, the same source once, and lists them", () => {
    const { root, references } = dom("One.(Citation: Microsoft PowerShell) Two.(Citation: TechNet)(Citation: Microsoft PowerShell)", { idPrefix: "d" });
    expect(references).toEqual(["Microsoft PowerShell", "TechNet"]);
    expect([...root.querySelectorAll("sup a")].map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["[1]", "#d-ref-1"],
      ["[2]", "#d-ref-2"],
      ["[1]", "#d-ref-1"],
    ]);
    expect(root.textContent).not.toContain("Citation");
  });

  it("keeps single line breaks when asked (procedures)", () => {
    expect(dom("whoami\nhostname", { breaks: true }).root.querySelector("br")).not.toBeNull();
    expect(dom("whoami\nhostname").root.querySelector("br")).toBeNull();
  });

  it("is empty for no text", () => {
    expect(renderMarkdown("  ")).toEqual({ html: "", references: [] });
    expect(renderMarkdown(null)).toEqual({ html: "", references: [] });
  });
});

describe("inAppPath", () => {
  it("maps ATT&CK technique and group pages, nothing else", () => {
    expect(inAppPath("https://attack.mitre.org/techniques/T1003/001")).toBe("/techniques/T1003.001");
    expect(inAppPath("https://attack.mitre.org/techniques/T1003/")).toBe("/techniques/T1003");
    expect(inAppPath("https://attack.mitre.org/groups/G0016")).toBe("/threat-actors/G0016");
    expect(inAppPath("https://attack.mitre.org/software/S0002")).toBeNull();
    expect(inAppPath("https://example.com/techniques/T1003")).toBeNull();
    expect(inAppPath("not a url")).toBeNull();
  });
});
