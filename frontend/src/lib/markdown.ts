//! ATT&CK prose and test procedures as safe HTML. Descriptions are Markdown with inline HTML
//! (`<code>`), links to attack.mitre.org and `(Citation: Name)` markers; procedures are Markdown
//! a red team writes. Both are parsed by `marked`, then sanitised by DOMPurify with a short list
//! of tags (no images, no styles, no scripts, no event handlers), then rewritten on the DOM:
//! links to ATT&CK techniques and groups stay in the app, other links open in a new tab, bare
//! technique ids (`T1003`, `T1003.001`) outside code become in-app links, and citations become
//! numbered references.

import DOMPurify from "dompurify";
import { Marked } from "marked";

export interface RenderedMarkdown {
  /** Sanitised HTML; internal links carry `data-internal` for client-side navigation. */
  html: string;
  /** The citations' names in the order of their numbers (reference 1 first). */
  references: string[];
}

export interface MarkdownOptions {
  /** Prefix of the reference anchors (`<prefix>-ref-1`), unique on the page. */
  idPrefix?: string;
  /** Single line breaks kept as breaks (procedures written line by line). */
  breaks?: boolean;
}

const ALLOWED_TAGS = [
  "p", "br", "hr", "ul", "ol", "li", "code", "pre", "em", "strong", "b", "i", "del", "a", "blockquote",
  "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup",
];
const ALLOWED_ATTR = ["href", "title", "start"];

/** `T1059`, `T1059.001`: a technique or sub-technique id. */
const TECHNIQUE_ID = /\b(T\d{4}(?:\.\d{3})?)\b/g;
const CITATION = /\(Citation:\s*([^)]+?)\s*\)/g;
/** Private-use characters around a reference number: plain text to the parser and sanitiser. */
const CITE_OPEN = "\uE000";
const CITE_CLOSE = "\uE001";
const CITE_MARK = new RegExp(`${CITE_OPEN}(\\d+)${CITE_CLOSE}`, "g");

const parsers = new Map<boolean, Marked>();
function parser(breaks: boolean): Marked {
  let m = parsers.get(breaks);
  if (!m) {
    m = new Marked({ gfm: true, breaks });
    parsers.set(breaks, m);
  }
  return m;
}

/** An in-app path for an attack.mitre.org address of a technique or group, else null. */
export function inAppPath(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (!/^(www\.)?attack\.mitre\.org$/.test(url.hostname)) return null;
  const technique = /^\/techniques\/(T\d{4})(?:\/(\d{3}))?\/?$/.exec(url.pathname);
  if (technique) return `/techniques/${technique[1]}${technique[2] ? `.${technique[2]}` : ""}`;
  const group = /^\/groups\/(G\d{4})\/?$/.exec(url.pathname);
  if (group) return `/threat-actors/${group[1]}`;
  return null;
}

function rewriteLink(a: HTMLAnchorElement): void {
  const href = a.getAttribute("href") ?? "";
  const internal = inAppPath(href);
  if (internal) {
    a.setAttribute("href", internal);
    a.setAttribute("data-internal", "true");
  } else if (/^https?:\/\//i.test(href)) {
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", "noopener noreferrer");
  } else if (href.startsWith("/")) {
    a.setAttribute("data-internal", "true");
  } else if (!href.startsWith("#")) {
    a.removeAttribute("href");
  }
}

/** Replaces ids and citation marks in one text node with links. */
function linkText(node: Text, inCode: boolean, idPrefix: string): void {
  const text = node.data;
  const pattern = inCode ? CITE_MARK : new RegExp(`${CITE_MARK.source}|${TECHNIQUE_ID.source}`, "g");
  const doc = node.ownerDocument;
  const parts: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(doc.createTextNode(text.slice(last, at)));
    if (m[1] !== undefined) {
      const sup = doc.createElement("sup");
      const a = doc.createElement("a");
      a.setAttribute("href", `#${idPrefix}-ref-${m[1]}`);
      a.setAttribute("aria-label", `Reference ${m[1]}`);
      a.textContent = `[${m[1]}]`;
      sup.append(a);
      parts.push(sup);
    } else {
      const a = doc.createElement("a");
      a.setAttribute("href", `/techniques/${m[2]}`);
      a.setAttribute("data-internal", "true");
      a.textContent = m[2]!;
      parts.push(a);
    }
    last = at + m[0].length;
  }
  if (parts.length === 0) return;
  if (last < text.length) parts.push(doc.createTextNode(text.slice(last)));
  node.replaceWith(...parts);
}

function walk(node: Node, inCode: boolean, inLink: boolean, idPrefix: string): void {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === 3) {
      if (!inLink) linkText(child as Text, inCode, idPrefix);
      else (child as Text).data = (child as Text).data.replace(CITE_MARK, "[$1]");
    } else if (child.nodeType === 1) {
      const el = child as Element;
      const tag = el.tagName.toLowerCase();
      if (tag === "a") rewriteLink(el as HTMLAnchorElement);
      walk(el, inCode || tag === "code" || tag === "pre", inLink || tag === "a", idPrefix);
    }
  }
}

/** `text` (Markdown with ATT&CK conventions) as sanitised HTML and its numbered references. */
export function renderMarkdown(text: string | null | undefined, { idPrefix = "md", breaks = false }: MarkdownOptions = {}): RenderedMarkdown {
  if (!text?.trim()) return { html: "", references: [] };
  const references: string[] = [];
  const source = text
    .replace(new RegExp(`[${CITE_OPEN}${CITE_CLOSE}]`, "g"), "")
    .replace(CITATION, (_, name: string) => {
      let n = references.indexOf(name) + 1;
      if (n === 0) n = references.push(name);
      return `${CITE_OPEN}${n}${CITE_CLOSE}`;
    });
  const raw = parser(breaks).parse(source, { async: false });
  const fragment = DOMPurify.sanitize(raw, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  walk(fragment, false, false, idPrefix);
  const holder = document.createElement("div");
  holder.append(fragment);
  return { html: holder.innerHTML, references };
}
