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
