import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError, fieldErrorLists, fieldErrors, onPasswordChangeRequired, onUnauthorized, withQuery } from "./client";

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? null : JSON.stringify(body);
  return vi.fn().mockResolvedValue(
    new Response(text, { status, headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json", ...headers } }),
  );
}

afterEach(() => {
  onUnauthorized(null);
  onPasswordChangeRequired(null);
});

describe("withQuery", () => {
  it("leaves out empty values", () => {
    expect(withQuery("/x", { a: "1", b: "", c: undefined, d: null, e: false, f: 0 })).toBe("/x?a=1&e=false&f=0");
    expect(withQuery("/x", {})).toBe("/x");
  });
});

describe("api", () => {
  it("sends JSON with the session cookie and parses the answer", async () => {
    const fetch = respond(200, { ok: true });
    vi.stubGlobal("fetch", fetch);
    await expect(api("/api/v1/x", { method: "POST", json: { a: 1 } })).resolves.toEqual({ ok: true });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe("/api/v1/x");
    expect(init.credentials).toBe("same-origin");
    expect(init.headers["content-type"]).toBe("application/json");
    expect(init.body).toBe('{"a":1}');
  });

  it("turns a problem document into an ApiError with the detail and field errors", async () => {
    vi.stubGlobal(
      "fetch",
      respond(422, {
        type: "about:blank",
        title: "Unprocessable",
        status: 422,
        detail: "the request is invalid",
        request_id: "r1",
        errors: [
          { field: "password", code: "min_length", message: "must be at least 12 characters" },
          { field: "password", code: "digit", message: "must contain a digit" },
        ],
      }),
    );
    const error = await api("/api/v1/users").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(422);
    expect(e.message).toBe("the request is invalid");
    expect(e.requestId).toBe("r1");
    expect(e.fieldError("password")).toBe("must be at least 12 characters");
    expect(fieldErrors(e)).toEqual({ password: "must be at least 12 characters; must contain a digit" });
    expect(fieldErrorLists(e)).toEqual({ password: ["must be at least 12 characters", "must contain a digit"] });
  });

  it("reports a 403 password-change-required, and no other 403, to its handler", async () => {
    const handler = vi.fn();
    onPasswordChangeRequired(handler);
    const required = {
      type: "https://aegis.dev/problems/password-change-required",
      title: "Forbidden",
      status: 403,
      detail: "the password must be changed before anything else",
    };
    vi.stubGlobal("fetch", respond(403, required));
    const e = (await api("/api/v1/tests").catch((x: unknown) => x)) as ApiError;
    expect(e.type).toBe(required.type);
    expect(e.passwordChangeRequired).toBe(true);
    expect(handler).toHaveBeenCalledTimes(1);
    vi.stubGlobal("fetch", respond(403, { type: "https://aegis.dev/problems/forbidden", status: 403, title: "Forbidden", detail: "requires admin" }));
    const other = (await api("/api/v1/users").catch((x: unknown) => x)) as ApiError;
    expect(other.passwordChangeRequired).toBe(false);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("reads Retry-After of a 429", async () => {
    vi.stubGlobal("fetch", respond(429, { title: "Too Many Requests", status: 429, detail: "slow down" }, { "retry-after": "42" }));
    const e = (await api("/api/v1/auth/login", { method: "POST" }).catch((x: unknown) => x)) as ApiError;
    expect(e.retryAfter).toBe(42);
  });

  it("reports a 401 as an expired session, except on the login call", async () => {
    const handler = vi.fn();
    onUnauthorized(handler);
    vi.stubGlobal("fetch", respond(401, { detail: "no session", status: 401, title: "Unauthorized" }));
    await api("/api/v1/auth/login", { method: "POST" }).catch(() => {});
    expect(handler).not.toHaveBeenCalled();
    await api("/api/v1/tests").catch(() => {});
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it("resolves 204 to undefined", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response(null, { status: 204 })));
    await expect(api("/api/v1/auth/logout", { method: "POST" })).resolves.toBeUndefined();
  });

  it("keeps only the well-formed members of a problem document", async () => {
    vi.stubGlobal(
      "fetch",
      respond(409, { status: 409, title: "Conflict", detail: 42, type: null, errors: [{ field: "x" }, "oops", { field: "assigned_red", code: "role", message: "bob is not an active red_tech" }] }),
    );
    const e = (await api("/api/v1/tests/t1/assign", { method: "POST" }).catch((x: unknown) => x)) as ApiError;
    expect(e.message).toBe("Conflict");
    expect(e.type).toBe("");
    expect(e.errors).toEqual([{ field: "assigned_red", code: "role", message: "bob is not an active red_tech" }]);
  });

  it("falls back to the status when the body is not a problem document", async () => {
    vi.stubGlobal("fetch", vi.fn().mockResolvedValue(new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" })));
    const e = (await api("/api/v1/x").catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(502);
    expect(e.message).toBe("502 Bad Gateway");
  });
});
