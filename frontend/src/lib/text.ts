//! ATT&CK prose: descriptions carry `(Citation: …)` markers and Markdown links; the screens show
//! plain paragraphs.

/** `text` without citation markers, Markdown links reduced to their label, HTML tags dropped. */
export function plainAttackText(text: string | null | undefined): string {
  if (!text) return "";
  return text
    .replace(/\(Citation:[^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/<\/?code>/g, "`")
    .replace(/<[^>]+>/g, "")
    .replace(/[ \t]+([.,;:])/g, "$1")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

/** The paragraphs of `text`, blank lines dropped. */
export function paragraphs(text: string | null | undefined): string[] {
  return plainAttackText(text)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
