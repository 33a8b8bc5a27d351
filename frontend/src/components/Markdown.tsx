import { useId, useMemo, type MouseEvent } from "react";
import { useNavigate } from "react-router";
import { renderMarkdown } from "@/lib/markdown";
import { cx } from "./ui/cx";

/**
 * ATT&CK prose or a procedure as sanitised Markdown (`lib/markdown.ts`): lists, inline code and
 * code blocks, technique ids linked in the app (followed without a page load), citations as
 * numbered references listed below.
 */
export function Markdown({
  text,
  breaks = false,
  empty = "Not documented.",
  className,
  label,
}: {
  text: string | null | undefined;
  /** Keep single line breaks (procedures written line by line). */
  breaks?: boolean;
  empty?: string;
  className?: string;
  /** Names the reference list ("References of the description"). */
  label?: string;
}) {
  const prefix = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const navigate = useNavigate();
  const { html, references } = useMemo(() => renderMarkdown(text, { idPrefix: prefix, breaks }), [text, prefix, breaks]);
  if (!html) return <p className="text-sm text-slate-500">{empty}</p>;

  const follow = (e: MouseEvent<HTMLDivElement>) => {
    const a = (e.target as HTMLElement).closest("a");
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const href = a.getAttribute("href");
    if (a.dataset.internal === "true" && href) {
      e.preventDefault();
      navigate(href);
    } else if (href?.startsWith("#")) {
      e.preventDefault();
      document.getElementById(href.slice(1))?.focus();
    }
  };

  return (
    <div className={cx("markdown text-sm leading-relaxed text-slate-700", className)}>
      {/* Sanitised by renderMarkdown (DOMPurify); in-app links are followed without a page load. */}
      <div onClick={follow} dangerouslySetInnerHTML={{ __html: html }} />
      {references.length > 0 && (
        <ol aria-label={label ?? "References"} className="mt-3 list-none border-t border-slate-100 pt-2 text-xs text-slate-600">
          {references.map((r, i) => (
            <li key={r} id={`${prefix}-ref-${i + 1}`} tabIndex={-1}>
              [{i + 1}] {r}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
