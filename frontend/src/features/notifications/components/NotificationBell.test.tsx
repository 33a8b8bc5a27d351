import { describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import { renderWithProviders, stubApi } from "@/test/render";
import { NotificationBell } from "./NotificationBell";

describe("NotificationBell", () => {
  it("shows the unread count", async () => {
    vi.stubGlobal("fetch", vi.fn(stubApi({ "GET /api/v1/notifications/unread-count": { body: { count: 3 } } })));
    renderWithProviders(<NotificationBell />);
    expect(await screen.findByRole("button", { name: "Notifications, 3 unread" })).toBeInTheDocument();
    expect(screen.getByTestId("unread-count")).toHaveTextContent("3");
  });

  it("hides itself when the server has no notifications endpoint", async () => {
    const fetch = vi.fn(stubApi({}));
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<NotificationBell />);
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    await waitFor(() => expect(screen.queryByRole("button", { name: /notifications/i })).toBeNull());
    // No polling once the server said there is no such endpoint.
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("NotificationBell panel", () => {
  const note = (id: string, kind: string, minute: number, read = false) => ({
    id,
    kind,
    read,
    test_id: `t-${id}`,
    message: `${kind} ${id}`,
    user_id: "u",
    created_at: new Date(Date.UTC(2026, 0, 1, 10, minute)).toISOString(),
  });
  const items = [note("a", "action_required", 3), note("b", "action_required", 2), note("c", "evidence_uploaded", 1)];

  it("coalesces by kind and mutes a kind, which then does not count", async () => {
    localStorage.clear();
    vi.stubGlobal(
      "fetch",
      vi.fn(
        stubApi({
          "GET /api/v1/notifications/unread-count": { body: { count: 3 } },
          "GET /api/v1/notifications": { body: { items } },
        }),
      ),
    );
    const { default: userEvent } = await import("@testing-library/user-event");
    renderWithProviders(<NotificationBell />);
    await userEvent.click(await screen.findByRole("button", { name: "Notifications, 3 unread" }));
    expect(await screen.findByRole("list", { name: "Actions required" })).toBeInTheDocument();
    expect(screen.getByText(/Actions required · 2/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Mute “Actions required”" }));
    expect(screen.queryByRole("list", { name: "Actions required" })).toBeNull();
    expect(screen.getByRole("button", { name: "Unmute “Actions required”" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("unread-count")).toHaveTextContent("1"));
    localStorage.clear();
  });
});
