import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { renderWithProviders } from "@/test/render";
import { DetectionCard } from "./DetectionCard";

const strategy = { attack_id: "DET0363", name: "Detection of LSASS memory access", analytics: [{ attack_id: "AN1022", name: "Handle to lsass.exe", platforms: ["Windows"] }] };

describe("DetectionCard", () => {
  it("never says 'Not documented' above a documented detection strategy", () => {
    renderWithProviders(<DetectionCard technique={{ detection: null, detection_strategies: [strategy] }} />);
    expect(screen.queryByText("Not documented.")).not.toBeInTheDocument();
    expect(screen.getByText(/through this detection strategy/)).toBeInTheDocument();
    const list = screen.getByRole("list", { name: "Detection strategies" });
    expect(within(list).getByText("Detection of LSASS memory access")).toBeInTheDocument();
    expect(within(list).getByText("1 analytic: Handle to lsass.exe (Windows)")).toBeInTheDocument();
  });

  it("shows the prose and the strategies when both exist", () => {
    renderWithProviders(<DetectionCard technique={{ detection: "Monitor **process access** to LSASS.", detection_strategies: [strategy] }} />);
    expect(screen.getByText("process access").tagName).toBe("STRONG");
    expect(screen.queryByText(/through this detection strategy/)).not.toBeInTheDocument();
  });

  it("says 'Not documented' when there is neither", () => {
    renderWithProviders(<DetectionCard technique={{ detection: "  ", detection_strategies: [] }} />);
    expect(screen.getByText("Not documented.")).toBeInTheDocument();
  });
});
