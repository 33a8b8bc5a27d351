import { errorMessage } from "@/api/client";
import { importProblems } from "../model/importErrors";

/** What the server refused in an imported file: every bad row by number, then the file's own problems. */
export function ImportErrors({ error }: { error: unknown }) {
  const { rows, other } = importProblems(error);
  if (!error) return null;
  if (!rows.length && !other.length) {
    return (
      <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="import-errors">
        {errorMessage(error)}
      </div>
    );
  }
  return (
    <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800" data-testid="import-errors">
      {rows.length > 0 && (
        <>
          <p className="font-medium">
            Nothing was imported: {rows.length === 1 ? "1 row is" : `${rows.length} rows are`} wrong (the header is row 1).
          </p>
          <ul className="mt-1 max-h-60 list-none overflow-y-auto" aria-label="Rows refused">
            {rows.map((r) => (
              <li key={`${r.row}-${r.message}`} data-row={r.row}>
                <span className="font-mono font-semibold">Row {r.row}</span>: {r.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {other.map((o) => (
        <p key={`${o.field}-${o.message}`}>
          {o.field === "body" ? "The file" : o.field === "name" ? "The name" : o.field}: {o.message}
        </p>
      ))}
    </div>
  );
}
