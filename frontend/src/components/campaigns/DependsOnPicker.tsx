import type { CampaignTestView } from "@/api/campaigns";
import { cx } from "@/components/ui";

/**
 * "Depends on": the campaign's other tests as checkboxes, in a fieldset with its legend, hint
 * and error (a cycle named by the server, shown here). A dependant starts only once every test
 * it depends on has reached "Blue evaluating".
 */
export function DependsOnPicker({
  id,
  tests,
  value,
  onChange,
  error,
  exclude,
}: {
  id: string;
  tests: readonly CampaignTestView[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  error?: string;
  /** The test being edited: it cannot depend on itself. */
  exclude?: string;
}) {
  const choices = tests.filter((t) => t.test_id !== exclude);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const toggle = (testId: string, on: boolean) => onChange(on ? [...value, testId] : value.filter((v) => v !== testId));
  return (
    <fieldset aria-describedby={error ? `${hintId} ${errorId}` : hintId} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium text-slate-700">Depends on</legend>
      <p id={hintId} className="mt-0.5 text-xs text-slate-500">
        It cannot start until each test chosen here has reached “Blue evaluating”.
      </p>
      {choices.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">The campaign has no other test yet.</p>
      ) : (
        <ul className={cx("mt-2 max-h-48 overflow-y-auto rounded-md p-2 ring-1 ring-inset", error ? "ring-rose-400" : "ring-slate-200")}>
          {choices.map((t) => {
            const box = `${id}-${t.test_id}`;
            return (
              <li key={t.test_id} className="flex items-start gap-2 py-1 text-sm">
                <input
                  id={box}
                  type="checkbox"
                  className="mt-0.5 size-4 accent-indigo-600"
                  checked={value.includes(t.test_id)}
                  onChange={(e) => toggle(t.test_id, e.target.checked)}
                />
                <label htmlFor={box} className="text-slate-700">
                  {t.title} <span className="font-mono text-xs text-slate-500">{t.technique_id}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p id={errorId} role="alert" className="mt-1 text-xs font-medium text-rose-600">
          {error}
        </p>
      )}
    </fieldset>
  );
}
