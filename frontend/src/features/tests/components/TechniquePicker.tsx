import { useId, useState, type KeyboardEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTacticName } from "@/api/tactics";
import { X } from "lucide-react";
import type { TechniqueSummary } from "@/api/types";
import { controlClass, cx, Spinner } from "@/components/ui";
import { useDebouncedValue } from "@/lib/useDebouncedValue";
import { techniqueSearchQuery } from "../api/tests";

export interface PickedTechnique {
  attack_id: string;
  name: string;
  platforms: string[];
}

/** A combobox that searches the catalog by ATT&CK id or name. */
export function TechniquePicker({
  id,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: PickedTechnique | null;
  onChange: (t: PickedTechnique | null) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const tacticName = useTacticName();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const q = useDebouncedValue(text.trim(), 250);
  const results = useQuery(techniqueSearchQuery(q));
  const options: TechniqueSummary[] = results.data?.items ?? [];

  if (value) {
    return (
      <div className="flex items-center justify-between gap-2 rounded-md bg-indigo-50 px-3 py-2 text-sm ring-1 ring-indigo-200 ring-inset">
        <span>
          <span className="font-mono font-semibold text-indigo-700">{value.attack_id}</span> {value.name}
        </span>
        <button
          type="button"
          onClick={() => onChange(null)}
          aria-label={`Change technique ${value.attack_id}`}
          className="rounded p-0.5 text-indigo-500 hover:bg-indigo-100 hover:text-indigo-700"
        >
          <X className="size-4" aria-hidden />
        </button>
      </div>
    );
  }

  const choose = (t: TechniqueSummary) => {
    onChange({ attack_id: t.attack_id, name: t.name, platforms: t.platforms });
    setText("");
    setOpen(false);
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, options.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter" && open && options[active]) {
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  };

  const showList = open && q.length > 0;
  return (
    <div className="relative">
      <input
        id={id}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && options[active] ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        placeholder="Search by ID or name, e.g. T1059 or PowerShell"
        className={cx(controlClass, "h-9")}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKey}
      />
      {showList && (
        <ul
          id={listId}
          role="listbox"
          aria-label="Matching techniques"
          className="absolute z-30 mt-1 max-h-72 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {results.isFetching && options.length === 0 && (
            <li className="flex items-center gap-2 px-3 py-2 text-slate-500">
              <Spinner className="size-4" /> Searching…
            </li>
          )}
          {!results.isFetching && options.length === 0 && <li className="px-3 py-2 text-slate-500">No technique matches “{q}”.</li>}
          {options.map((t, i) => (
            <li
              key={t.attack_id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(t);
              }}
              onMouseEnter={() => setActive(i)}
              className={cx("cursor-pointer px-3 py-2", i === active ? "bg-indigo-50 text-indigo-900" : "text-slate-700")}
            >
              <span className="font-mono text-xs font-semibold">{t.attack_id}</span> {t.name}
              <span className="block text-xs text-slate-600">{t.tactics.map(tacticName).join(", ")}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
