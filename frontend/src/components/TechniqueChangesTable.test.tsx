import { describe, expect, it } from "vitest";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { SnapshotChange } from "@/api/types";
import { changeRows } from "@/lib/snapshotChanges";
import { renderWithProviders } from "@/test/render";
import { TechniqueChangesTable } from "./TechniqueChangesTable";

const change = (i: number): SnapshotChange => ({
  attack_id: `T${1000 + i}`,
  from_status: i === 0 ? null : "partial",
  to_status: i % 2 ? "validated" : "partial",
  from_score: i === 0 ? null : 40,
  to_score: 50,
  score_delta: i === 0 ? 50 : 10,
});

describe("TechniqueChangesTable", () => {
  it("shows a hundred changes with their direction, the rest on demand", async () => {
    const rows = changeRows(Array.from({ length: 130 }, (_, i) => change(i)));
    const { container } = renderWithProviders(<TechniqueChangesTable rows={rows} caption="Changes" delta={(r) => <span>{r.delta}</span>} />);
    expect(container.querySelectorAll("tr[data-change]")).toHaveLength(100);
    expect(container.querySelector('tr[data-change="T1001"]')).toHaveAttribute("data-direction", "improved");
    expect(container.querySelector('tr[data-change="T1000"]')).toHaveTextContent("Not in snapshot");
    expect(screen.getByRole("link", { name: "T1001" })).toHaveAttribute("href", "/techniques/T1001");
    await userEvent.click(screen.getByRole("button", { name: "Show 30 more" }));
    expect(container.querySelectorAll("tr[data-change]")).toHaveLength(130);
    expect(screen.queryByRole("button", { name: /more/ })).toBeNull();
  });
});
