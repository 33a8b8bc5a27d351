import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { MutationMeta } from "@/api/problem";
import { renderWithProviders, stubApi } from "@/test/render";

/** A button whose mutation posts to `/api/v1/things`, with no error handling of its own. */
function Save({ meta }: { meta?: MutationMeta }) {
  const save = useMutation({ mutationFn: () => api("/api/v1/things", { method: "POST", json: {} }), meta });
  return (
    <button type="button" onClick={() => save.mutate()}>
      {save.isError ? "Failed" : "Save"}
    </button>
  );
}

function failWith(status: number, body: object) {
  vi.stubGlobal("fetch", vi.fn(stubApi({ "POST /api/v1/things": { status, body: { status, ...body } } })));
}

const invalid = {
  title: "Unprocessable Entity",
  detail: "name: must not be empty",
  errors: [{ field: "name", code: "required", message: "must not be empty" }],
};

describe("failed mutations", () => {
  it("are reported in the error toast without any code of the screen's", async () => {
    failWith(409, { title: "Conflict", detail: "the test moved on" });
    renderWithProviders(<Save />);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    const toast = await screen.findByRole("alert");
    expect(toast).toHaveTextContent("Conflict");
    expect(toast).toHaveTextContent("the test moved on");
  });

  it("list field errors, unless the form shows them next to its inputs", async () => {
    failWith(422, invalid);
    const first = renderWithProviders(<Save />);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("listitem")).toHaveTextContent("name: must not be empty");
    first.unmount();
    renderWithProviders(<Save meta={{ shows: "field-errors" }} />);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("See the messages next to the fields.");
    expect(screen.queryByRole("listitem")).toBeNull();
  });

  it("are left to a screen that shows every failure itself, and a 401 to the sign-in page", async () => {
    failWith(429, { title: "Too Many Requests", detail: "too many attempts; retry in 60 s" });
    const first = renderWithProviders(<Save meta={{ shows: "all-errors" }} />);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByRole("button", { name: "Failed" });
    expect(screen.queryByRole("alert")).toBeNull();
    first.unmount();
    failWith(401, { title: "Unauthorized", detail: "authentication required" });
    renderWithProviders(<Save />);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Failed" })).toBeInTheDocument());
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
