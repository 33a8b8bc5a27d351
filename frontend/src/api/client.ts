// The API client: same-origin fetch with the HttpOnly session cookie, JSON in and out, and RFC 9457
// problem documents turned into ApiError with the server's own text.

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly errors: FieldError[];
  constructor(status: number, detail: string, errors: FieldError[] = []) {
    super(detail);
    this.status = status;
    this.errors = errors;
  }
}

/** Fired when a call comes back 401: the layout sends the user to the login page. */
export const SESSION_EXPIRED = "aegis:session-expired";

export async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const res = await fetch(path, {
    credentials: "same-origin",
    ...rest,
    headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (res.status === 401 && !path.endsWith("/auth/login")) {
    window.dispatchEvent(new Event(SESSION_EXPIRED));
  }
  if (!res.ok) {
    let detail = `${res.status} ${res.statusText}`;
    let errors: FieldError[] = [];
    try {
      const problem = await res.json();
      detail = problem.detail ?? detail;
      errors = problem.errors ?? [];
    } catch {
      // not a problem document
    }
    throw new ApiError(res.status, detail, errors);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("content-type") ?? "";
  return (type.includes("json") ? res.json() : res.text()) as Promise<T>;
}

/** The message to show for a failed mutation: the detail plus each field error. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const fields = e.errors.map((f) => `${f.field}: ${f.message}`);
    return [e.message, ...fields].join(" — ");
  }
  return e instanceof Error ? e.message : String(e);
}
