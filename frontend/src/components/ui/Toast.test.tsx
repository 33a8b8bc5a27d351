import { afterEach, describe, expect, it, vi } from "vitest";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { toApiError } from "@/api/client";
import { ToastProvider } from "./Toast";
import { createToaster } from "./toaster";

function renderToasts() {
  const toaster = createToaster();
  render(<ToastProvider toaster={toaster}>{null}</ToastProvider>);
  return toaster;
}

const conflict = () =>
  toApiError(
    new Response(JSON.stringify({ type: "https://aegis.dev/problems/conflict", title: "Conflict", status: 409, detail: "a sync is already running (run r1)" }), {
      status: 409,
      headers: { "content-type": "application/problem+json" },
    }),
  );

afterEach(() => vi.useRealTimers());

describe("error toast", () => {
  it("shows a problem+json failure's title and detail as an alert", async () => {
    const toaster = renderToasts();
    const error = await conflict();
    act(() => toaster.problem(error));
    const toast = screen.getByRole("alert");
    expect(toast).toHaveAttribute("data-toast", "error");
    expect(within(toast).getByText("Conflict")).toBeInTheDocument();
    expect(within(toast).getByText("a sync is already running (run r1)")).toBeInTheDocument();
  });

  it("lists the field errors of a validation failure", () => {
    const toaster = renderToasts();
    act(() => toaster.error({ title: "Unprocessable Entity", items: ["owner: no active user nobody", "title: must not be empty"] }));
    expect(within(screen.getByRole("alert")).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "owner: no active user nobody",
      "title: must not be empty",
    ]);
  });

  it("is dismissed with its button", async () => {
    const toaster = renderToasts();
    act(() => toaster.problem(new Error("offline")));
    await userEvent.click(screen.getByRole("button", { name: "Dismiss notification" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("goes by itself, later than a success message", () => {
    vi.useFakeTimers();
    const toaster = renderToasts();
    act(() => {
      toaster.success("Saved");
      toaster.error("Not saved");
    });
    act(() => vi.advanceTimersByTime(4000));
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.getByRole("alert")).toHaveTextContent("Not saved");
    act(() => vi.advanceTimersByTime(4000));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
