import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { PasswordChecklist } from "./PasswordChecklist";

describe("PasswordChecklist", () => {
  it("marks each rule met or not as the user types", () => {
    const { rerender } = render(<PasswordChecklist password="abc" />);
    expect(screen.getByText("A lowercase letter")).toHaveTextContent("(met)");
    expect(screen.getByText("At least 12 characters")).toHaveTextContent("(not met)");
    rerender(<PasswordChecklist password="Correct-Horse-42" />);
    for (const item of screen.getAllByRole("listitem")) expect(item).toHaveTextContent("(met)");
  });
});
