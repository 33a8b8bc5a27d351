import { useState } from "react";
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { FollowedRun } from "@/api/jobs";
import type { JobView } from "@/api/types";
import { renderWithProviders } from "@/test/render";
import { JobRunButton, type JobRunTexts } from "./JobRunButton";

const texts: JobRunTexts = {
  label: "Run it",
  running: "Running…",
  succeeded: (at) => `Ran ${at}`,
  failed: "It failed",
  unknown: "No word yet",
  toast: { started: "Started", succeeded: "Done", failed: "The run failed", failedDetail: "No error given." },
};

/** The button with a start that answers `r1` at once, and a way to say how the followed run stands. */
function Harness() {
  const [run, setRun] = useState<FollowedRun | null>(null);
  const report = (state: FollowedRun["state"], lastError?: string) =>
    setRun({ runId: "r1", state, job: state === "running" || state === "unknown" ? undefined : ({ name: "job", last_run_id: "r1", last_error: lastError } as JobView) });
  return (
    <>
      <JobRunButton
        start={{ mutate: (_v, o) => o.onSuccess({ run_id: "r1" }), isPending: false }}
        run={run}
        onStarted={(id) => setRun({ runId: id, state: "running" })}
        texts={texts}
        statusTestId="job-status"
      />
      <button type="button" onClick={() => report("failed", "disk full")}>
        Fail
      </button>
    </>
  );
}

describe("JobRunButton", () => {
  it("starts the run, says it is running, and announces its failure once with the job's error", async () => {
    // Given the button of a job that is not running
    renderWithProviders(<Harness />);
    const status = screen.getByTestId("job-status");
    expect(status).toHaveAttribute("data-state", "idle");
    // When it is started, then reports a failure (twice: the screen renders again)
    await userEvent.click(screen.getByRole("button", { name: "Run it" }));
    expect(await screen.findByText("Started")).toBeInTheDocument();
    expect(status).toHaveAttribute("data-state", "running");
    expect(status).toHaveTextContent("Running…");
    expect(screen.getByRole("button", { name: "Run it" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Fail" }));
    await userEvent.click(screen.getByRole("button", { name: "Fail" }));
    // Then the status line says so and one error toast carries the job's error
    expect(status).toHaveAttribute("data-state", "failed");
    expect(status).toHaveTextContent("It failed");
    const toasts = document.querySelectorAll<HTMLElement>("[data-toast=error]");
    expect(toasts).toHaveLength(1);
    expect(within(toasts[0]!).getByText("The run failed")).toBeInTheDocument();
    expect(within(toasts[0]!).getByText("disk full")).toBeInTheDocument();
  });
});
