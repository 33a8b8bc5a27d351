import type { ReactNode } from "react";
import { AlertTriangle, CheckCircle2, Send } from "lucide-react";
import { Button } from "@/components/ui";

/**
 * The end of a results form: what is about to be submitted, what is still missing (each item
 * said in words), and the submit button, which stays disabled while anything is missing.
 */
export function SubmitSummary({
  id,
  rows,
  missing,
  submitLabel,
  loading,
}: {
  id: string;
  rows: { label: string; value: ReactNode }[];
  missing: string[];
  submitLabel: string;
  loading: boolean;
}) {
  const ready = missing.length === 0;
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-slate-50 p-4" data-testid={id}>
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        Summary: check before you submit
      </h3>
      <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map((r) => (
          <div key={r.label} className="contents">
            <dt className="text-slate-600">{r.label}</dt>
            <dd className="font-medium text-slate-900">{r.value}</dd>
          </div>
        ))}
      </dl>
      <div id={`${id}-status`} className="mt-3" aria-live="polite">
        {ready ? (
          <p className="inline-flex items-center gap-1.5 text-sm text-emerald-800">
            <CheckCircle2 className="size-4" aria-hidden /> Everything needed is there.
          </p>
        ) : (
          <>
            <p className="inline-flex items-center gap-1.5 text-sm font-medium text-rose-800">
              <AlertTriangle className="size-4" aria-hidden /> Still missing before you can submit:
            </p>
            <ul className="mt-1 list-disc pl-6 text-sm text-rose-800" aria-label="Missing">
              {missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <div className="mt-3">
        <Button type="submit" icon={<Send className="size-4" aria-hidden />} loading={loading} disabled={!ready} aria-describedby={`${id}-status`}>
          {submitLabel}
        </Button>
      </div>
    </section>
  );
}
