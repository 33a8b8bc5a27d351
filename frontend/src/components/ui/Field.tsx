import {
  createContext,
  useContext,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { cx } from "./cx";

interface FieldContext {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
  required: boolean;
}

const Ctx = createContext<FieldContext | null>(null);

/**
 * A labelled form control: label, control, hint and error, wired with htmlFor and aria-*. An
 * error given as a list (one message per broken rule) is shown as a list.
 */
export function Field({
  id,
  label,
  hint,
  error,
  required,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | readonly string[];
  required?: boolean;
  children: ReactNode;
  className?: string;
}) {
  const messages = (typeof error === "string" ? [error] : (error ?? [])).filter(Boolean);
  const errorId = messages.length ? `${id}-error` : undefined;
  const hintId = hint && !errorId ? `${id}-hint` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <Ctx.Provider value={{ id, describedBy, invalid: messages.length > 0, required: Boolean(required) }}>
      <div className={cx("flex flex-col gap-1.5", className)}>
        <label
          htmlFor={id}
          className={cx("text-sm font-medium text-slate-700", required && "after:ml-0.5 after:text-rose-600 after:content-['*']")}
        >
          {label}
        </label>
        {children}
        {hintId && (
          <p id={hintId} className="text-xs text-slate-500">
            {hint}
          </p>
        )}
        {messages.length === 1 && (
          <p id={errorId} className="text-xs font-medium text-rose-600" role="alert">
            {messages[0]}
          </p>
        )}
        {messages.length > 1 && (
          <ul id={errorId} className="list-disc pl-4 text-xs font-medium text-rose-600" role="alert">
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </div>
    </Ctx.Provider>
  );
}

export const controlClass = cx(
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300",
  "placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none",
  "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500",
  "aria-[invalid=true]:ring-rose-400",
);

function useField(id?: string) {
  const ctx = useContext(Ctx);
  return {
    id: id ?? ctx?.id,
    "aria-describedby": ctx?.describedBy,
    "aria-invalid": ctx?.invalid || undefined,
    "aria-required": ctx?.required || undefined,
  };
}

export function Input({ className, id, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cx(controlClass, "h-9", className)} {...useField(id)} {...rest} />;
}

export function Select({ className, id, children, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select className={cx(controlClass, "h-9 pr-8", className)} {...useField(id)} {...rest}>
      {children}
    </select>
  );
}

export function Textarea({ className, id, rows = 4, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea rows={rows} className={cx(controlClass, className)} {...useField(id)} {...rest} />;
}

export function Checkbox({
  id,
  label,
  description,
  ...rest
}: InputHTMLAttributes<HTMLInputElement> & { id: string; label: ReactNode; description?: ReactNode }) {
  return (
    <div className="flex items-start gap-2.5">
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
        aria-describedby={description ? `${id}-desc` : undefined}
        {...rest}
      />
      <div className="text-sm">
        <label htmlFor={id} className="font-medium text-slate-700">
          {label}
        </label>
        {description && (
          <p id={`${id}-desc`} className="text-xs text-slate-500">
            {description}
          </p>
        )}
      </div>
    </div>
  );
}

/**
 * A form-level message (a rule over several fields, a wait), shown above the buttons. A failed
 * call itself is reported by the error toast (`app/queryClient.ts`), not repeated here.
 */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-700">
      {message}
    </div>
  );
}
