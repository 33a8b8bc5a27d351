import { fieldErrors } from "@/api/client";
import { useToast } from "@/components/ui";
import { useWorkflowStep, type WorkflowStep } from "../api/tests";

/** One workflow step with its success toast and the server's field errors by field path. */
export function useStep(testId: string, success: string) {
  const step = useWorkflowStep(testId);
  const toast = useToast();
  const run = (s: WorkflowStep, done?: () => void) =>
    step.mutate(s, {
      onSuccess: () => {
        toast.success(success);
        done?.();
      },
    });
  return { step, run, errors: fieldErrors(step.error) };
}
