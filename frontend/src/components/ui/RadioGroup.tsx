import type { ReactNode } from "react";
import { cx } from "./cx";

export interface RadioOption<T extends string> {
  value: T;
  label: ReactNode;
}

/**
 * A required choice without a default: a fieldset whose legend names the question, one radio
 * per option, none checked until the user picks (`value` null). `error` is shown under it.
 */
export function RadioGroup<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
  disabled,
  hint,
  error,
  required = true,
}: {
  name: string;
  legend: ReactNode;
  options: readonly RadioOption<T>[];
  value: T | null;
  onChange: (value: T) => void;
  disabled?: boolean;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
}) {
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <fieldset
      className="flex flex-col gap-1.5"
      aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
      aria-invalid={error ? true : undefined}
      disabled={disabled}
    >
      <legend className={cx("mb-1 text-sm font-medium text-slate-700", required && "after:ml-0.5 after:text-rose-600 after:content-['*']")}>{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {options.map((o) => {
          const id = `${name}-${o.value}`;
          const checked = value === o.value;
          return (
            <label
              key={o.value}
              htmlFor={id}
              className={cx(
                "inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm ring-1 ring-inset",
                checked ? "bg-indigo-50 font-medium text-indigo-800 ring-indigo-400" : "bg-white text-slate-700 ring-slate-300",
                disabled ? "cursor-not-allowed opacity-70" : "cursor-pointer hover:bg-slate-50",
              )}
            >
              <input
                id={id}
                type="radio"
                name={name}
                value={o.value}
                checked={checked}
                required={required}
                onChange={() => onChange(o.value)}
                className="size-4 accent-indigo-600"
              />
              {o.label}
            </label>
          );
        })}
      </div>
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-rose-700" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
