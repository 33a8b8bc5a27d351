import { describe, expect, it } from "vitest";
import { ApiError, toApiError } from "./client";
import { describeProblem, SEE_FIELDS } from "./problem";

const problemResponse = (body: object, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ status, ...body }), { status, headers: { "content-type": "application/problem+json", ...headers } });

describe("describeProblem", () => {
  it("gives a problem's title and detail", async () => {
    const error = await toApiError(problemResponse({ title: "Conflict", detail: "the test is in_review, not red_executing" }, 409));
    expect(describeProblem(error)).toEqual({ title: "Conflict", detail: "the test is in_review, not red_executing" });
  });

  it("lists field errors once, not again in a detail that only joins them", async () => {
    // given a validation failure as the server words it: the detail is its field errors joined
    const error = await toApiError(
      problemResponse(
        {
          title: "Unprocessable Entity",
          detail: "owner: no active user nobody; due_date: must not be in the past",
          errors: [
            { field: "owner", code: "unknown", message: "no active user nobody" },
            { field: "due_date", code: "past", message: "must not be in the past" },
          ],
        },
        422,
      ),
    );
    // then each field error is one item, and the detail is left out
    expect(describeProblem(error)).toEqual({
      title: "Unprocessable Entity",
      items: ["owner: no active user nobody", "due_date: must not be in the past"],
    });
    // and for a form that shows them next to its inputs, the toast points there
    expect(describeProblem(error, { fieldsShown: true })).toEqual({ title: "Unprocessable Entity", detail: SEE_FIELDS });
  });

  it("keeps a detail of its own next to the field errors", () => {
    const error = new ApiError({ status: 422, title: "Unprocessable Entity", detail: "the vote is invalid", errors: [{ field: "comment", code: "required", message: "needed" }] });
    expect(describeProblem(error, { fieldsShown: true })).toEqual({ title: "Unprocessable Entity", detail: "the vote is invalid" });
  });

  it("gives the request id of a server fault, whose detail asks for it", async () => {
    const error = await toApiError(
      problemResponse({ title: "Internal Server Error", detail: "an unexpected error occurred; quote the request id when reporting it", request_id: "req-42" }, 500),
    );
    expect(describeProblem(error)).toMatchObject({ title: "Internal Server Error", reference: "req-42" });
    expect(describeProblem(new ApiError({ status: 404, detail: "no test t9", requestId: "req-43" })).reference).toBeUndefined();
  });

  it("does not repeat a title the detail fell back to, and names a failure without a problem", async () => {
    expect(describeProblem(await toApiError(problemResponse({ title: "Forbidden" }, 403)))).toEqual({ title: "Forbidden" });
    expect(describeProblem(new ApiError({ status: 0, detail: "The upload failed: the storage could not be reached" }))).toEqual({
      title: "The request failed",
      detail: "The upload failed: the storage could not be reached",
    });
    expect(describeProblem(new TypeError("Failed to fetch"))).toEqual({ title: "The request failed", detail: "Failed to fetch" });
  });
});
