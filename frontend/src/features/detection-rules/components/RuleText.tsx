import { useState } from "react";
import { Check, Copy } from "lucide-react";

/** Rule text as written (YAML, TOML, a query), in a scrollable, focusable block with a copy button. */
export function RuleText({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  return (
    <div className="relative">
      <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 pr-12 text-xs text-slate-100" role="region" aria-label={label} tabIndex={0}>
        <code>{text}</code>
      </pre>
      <button
        type="button"
        onClick={copy}
        aria-label={copied ? `${label} copied` : `Copy ${label.toLowerCase()}`}
        className="absolute top-2 right-2 rounded-md bg-white/10 p-1.5 text-slate-200 hover:bg-white/20 focus-visible:outline-2 focus-visible:outline-indigo-400"
      >
        {copied ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
      </button>
    </div>
  );
}
