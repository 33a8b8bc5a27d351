import { useRef } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import type { CreateTest, Severity, Test } from "@/api/types";

export interface DraftTarget {
  attack_id: string;
  name: string;
}

/** The draft a "create tests" action makes for one technique (the red team fills in the rest). */
export function draftFor(t: DraftTarget, severity: Severity = "medium"): CreateTest {
  return { technique_id: t.attack_id, title: `Validate ${t.attack_id} ${t.name}`, severity, procedure: "" };
}

/** A batch stopped by a refusal: the drafts made before it, and the technique refused. */
export interface DraftProgress {
  created: Test[];
  failedOn: string | null;
}

/**
 * `POST /tests` once per technique, one after another, as drafts. The first refusal stops the
 * batch and is reported by the app's error toast; `progress` then says what was made before it.
 */
export function useCreateDraftTests() {
  const qc = useQueryClient();
  const progress = useRef<DraftProgress>({ created: [], failedOn: null });
  const mutation = useMutation({
    mutationFn: async (targets: readonly DraftTarget[]) => {
      const p: DraftProgress = { created: [], failedOn: null };
      progress.current = p;
      for (const t of targets) {
        p.failedOn = t.attack_id;
        p.created.push(await api<Test>("/api/v1/tests", { method: "POST", json: draftFor(t) }));
        p.failedOn = null;
      }
      return p.created;
    },
    // A test changes coverage, the matrix, dashboards and notifications.
    onSettled: () => {
      for (const key of ["tests", "techniques", "heatmap", "dashboard", "notifications"]) void qc.invalidateQueries({ queryKey: [key] });
    },
  });
  return { ...mutation, progress: () => progress.current };
}
