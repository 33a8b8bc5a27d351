//! The API client: same-origin fetch with the HttpOnly session cookie, JSON in and out, and
//! RFC 9457 problem documents turned into `ApiError` carrying the server's own words.

import type { FieldError, Problem } from "./types";

export type { FieldError, Problem };

/** A failed call: the HTTP status, the problem's `detail`, and its field errors if any. */
export class ApiError extends Error {
  readonly status: number;
  /** The problem's `type` URI (`https://…/problems/<slug>`), or "" when the body had none. */
  readonly type: string;
  readonly title: string;
  readonly errors: FieldError[];
  readonly requestId: string | null;
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    detail: string;
    type?: string;
    title?: string;
    errors?: FieldError[];
    requestId?: string | null;
    retryAfter?: number | null;
  }) {
    super(init.detail);
    this.name = "ApiError";
    this.status = init.status;
    this.type = init.type ?? "";
    this.title = init.title ?? "";
    this.errors = init.errors ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfter = init.retryAfter ?? null;
  }

  /** The same failure in plainer words (`detail`), e.g. a conflict explained for this screen. */
  withDetail(detail: string): ApiError {
    const { status, type, title, errors, requestId, retryAfter } = this;
    return new ApiError({ status, detail, type, title, errors, requestId, retryAfter });
  }

  /** The message of the first error on `field`, for showing next to that form field. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }

  /** The 403 of a user who must choose a new password before anything else. */
  get passwordChangeRequired(): boolean {
    return this.status === 403 && this.type.endsWith("/password-change-required");
  }
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Query;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

let unauthorizedHandler: (() => void) | null = null;
let passwordChangeHandler: (() => void) | null = null;

/** Called on every 401 except the login call's own (a wrong password is not an expiry). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

/** Called on every 403 `password-change-required`: the user must choose a password first. */
export function onPasswordChangeRequired(handler: (() => void) | null): void {
  passwordChangeHandler = handler;
}

/** `path?a=1&b=x` with empty values left out, so filters can be passed as they are. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const LOGIN_PATH = "/api/v1/auth/login";

async function send(path: string, options: RequestOptions): Promise<Response> {
  const { method = "GET", query, json, body, headers = {}, signal } = options;
  const res = await fetch(withQuery(path, query), {
    method,
    credentials: "same-origin",
    headers: {
      accept: "application/json",
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : body,
    signal,
  });
  if (res.status === 401 && path !== LOGIN_PATH) unauthorizedHandler?.();
  if (!res.ok) {
    const error = await toApiError(res);
    if (error.passwordChangeRequired) passwordChangeHandler?.();
    throw error;
  }
  return res;
}

/** Reads a problem document (or whatever came back) into an `ApiError`. */
export async function toApiError(res: Response): Promise<ApiError> {
  const retry = Number(res.headers.get("retry-after"));
  const base = {
    status: res.status,
    detail: `${res.status} ${res.statusText || "request failed"}`.trim(),
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null,
  };
  try {
    // Every error answer is documented as a problem document; a proxy in between may still send
    // something else, so each member is checked before it is used.
    const problem = (await res.json()) as Partial<Problem> | null;
    if (!problem || typeof problem !== "object") return new ApiError(base);
    const text = (v: unknown) => (typeof v === "string" && v ? v : undefined);
    return new ApiError({
      ...base,
      detail: text(problem.detail) ?? text(problem.title) ?? base.detail,
      type: text(problem.type),
      title: text(problem.title),
      errors: Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [],
      requestId: text(problem.request_id) ?? null,
    });
  } catch {
    return new ApiError(base);
  }
}

function isFieldError(e: unknown): e is FieldError {
  if (!e || typeof e !== "object") return false;
  const { field, code, message } = e as Record<string, unknown>;
  return typeof field === "string" && typeof code === "string" && typeof message === "string";
}

/** A JSON call; resolves to `undefined` for 204 responses. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send(path, options);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("content-type") ?? "";
  if (!type.includes("json")) return (await res.text()) as T;
  return (await res.json()) as T;
}

/** Fetches a file the API generates (CSV, Navigator layer) and hands it to the browser. */
export async function downloadFile(path: string, query: Query | undefined, fallbackName: string): Promise<string> {
  const res = await send(path, { query, headers: { accept: "*/*" } });
  return saveFile(res, fallbackName);
}

/**
 * A download the server may turn into a background job: the file saved (200, or the presigned
 * file a 303 leads to) as `{ saved: name }`, or the `202 Accepted` answer's JSON as `{ accepted }`.
 */
export async function downloadOrAccepted<T>(path: string, query: Query | undefined, fallbackName: string): Promise<{ saved: string } | { accepted: T }> {
  const res = await send(path, { query, headers: { accept: "*/*" } });
  if (res.status === 202) return { accepted: (await res.json()) as T };
  return { saved: await saveFile(res, fallbackName) };
}

/** Hands a response's body to the browser as a file, named by its Content-Disposition. */
async function saveFile(res: Response, fallbackName: string): Promise<string> {
  const blob = await res.blob();
  const disposition = res.headers.get("content-disposition") ?? "";
  const name = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}

/** The text to show for a failed call: the server's detail, or the error's message. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Every message of a failed call keyed by field, one per broken rule, for forms that list them. */
export function fieldErrorLists(error: unknown): Record<string, string[]> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string[]> = {};
  for (const e of error.errors) (out[e.field] ??= []).push(e.message);
  return out;
}

/** Field errors of a failed call keyed by field, for forms. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const e of error.errors) out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
  return out;
}
