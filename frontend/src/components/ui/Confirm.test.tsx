import { useState } from "react";
import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConfirmProvider, useConfirm, type ConfirmOptions } from "./Confirm";

const DELETE_SET: ConfirmOptions = {
  title: "Delete “APT29”?",
  consequence: "The set is removed for everyone.",
  confirmLabel: "Delete set",
  tone: "danger",
};

/** A button that asks, and shows the answer once given. */
function Asker({ options = DELETE_SET }: { options?: ConfirmOptions }) {
  const confirm = useConfirm();
  const [answer, setAnswer] = useState("none");
  return (
    <>
      <button type="button" onClick={() => void confirm(options).then((ok) => setAnswer(String(ok)))}>
        Ask
      </button>
      <output aria-label="answer">{answer}</output>
    </>
  );
}

function renderAsker(options?: ConfirmOptions) {
  render(
    <ConfirmProvider>
      <Asker options={options} />
    </ConfirmProvider>,
  );
}

const answer = () => screen.getByLabelText("answer");

describe("useConfirm", () => {
  it("asks in an alert dialog that states the consequence, focused on Cancel", async () => {
    // given the question asked
    renderAsker();
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    // then it is an alert dialog named by the question, described by the consequence
    const dialog = screen.getByRole("alertdialog", { name: "Delete “APT29”?" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription("The set is removed for everyone.");
    // and the safe answer has the focus
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
  });

  it("resolves true when the user goes ahead", async () => {
    renderAsker();
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    await userEvent.click(screen.getByRole("button", { name: "Delete set" }));
    expect(answer()).toHaveTextContent("true");
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });

  it("resolves false on Cancel", async () => {
    renderAsker();
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(answer()).toHaveTextContent("false");
    expect(screen.queryByRole("alertdialog")).toBeNull();
  });

  it("resolves false on Escape and gives the focus back to what asked", async () => {
    renderAsker();
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    await userEvent.keyboard("{Escape}");
    expect(answer()).toHaveTextContent("false");
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(screen.getByRole("button", { name: "Ask" })).toHaveFocus();
  });

  it("answers Enter on the focused button with the safe answer", async () => {
    renderAsker();
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    await userEvent.keyboard("{Enter}");
    expect(answer()).toHaveTextContent("false");
  });

  it("marks a dangerous action's button as such", async () => {
    renderAsker();
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    expect(screen.getByRole("button", { name: "Delete set" })).toHaveClass("bg-rose-600");
  });

  it("keeps a consequential but not destructive action's button plain", async () => {
    renderAsker({ title: "Move back?", consequence: "The tests go back.", confirmLabel: "Revert move" });
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    expect(screen.getByRole("button", { name: "Revert move" })).not.toHaveClass("bg-rose-600");
  });
});
