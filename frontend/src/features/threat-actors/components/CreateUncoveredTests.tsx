import { useQuery } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { useCreateDraftTests } from "@/api/draftTests";
import { Button, useConfirm, useToast } from "@/components/ui";
import { uncoveredTargets } from "@/lib/cellCoverage";
import { plural } from "@/lib/format";
import { actorMatrixQuery } from "../api/threatActors";

/** Drafts one confirmation may create (as on the matrix). */
const MAX_DRAFTS = 200;

/**
 * "Create tests for the N uncovered": one draft per technique of the actor that no test covers
 * (untested, or tested without coverage, and not covered through its sub-techniques: the
 * matrix's rule, `lib/cellCoverage`), after a confirmation that names them.
 */
export function CreateUncoveredTests({ actorId, actorName }: { actorId: string; actorName: string }) {
  const matrix = useQuery(actorMatrixQuery(actorId));
  const drafts = useCreateDraftTests();
  const confirm = useConfirm();
  const toast = useToast();
  const uncovered = uncoveredTargets(matrix.data?.tactics ?? []);
  if (!matrix.data || uncovered.targets.length === 0) return null;

  const create = async () => {
    const batch = uncovered.targets.slice(0, MAX_DRAFTS);
    const names = batch.slice(0, 8).map((t) => t.attack_id).join(", ");
    const ok = await confirm({
      title: `Create ${plural(batch.length, "draft test")}?`,
      consequence: (
        <>
          One draft per technique of {actorName} that nothing covers yet ({names}
          {batch.length > 8 ? ` and ${batch.length - 8} more` : ""}), titled “Validate ‹id› ‹name›”, severity medium, assigned to nobody. Each stays a draft, counted as in
          progress, until the red team edits and starts it.
          {uncovered.targets.length > batch.length && ` Only the first ${MAX_DRAFTS} of ${uncovered.targets.length} are created at once.`}
        </>
      ),
      confirmLabel: `Create ${plural(batch.length, "draft")}`,
    });
    if (!ok) return;
    drafts.mutate(batch, {
      onSuccess: (created) => toast.success(`Created ${plural(created.length, "draft test")}; find them under Tests, state Draft`),
      onError: () => {
        const p = drafts.progress();
        if (p.created.length) toast.success(`${p.created.length} of ${batch.length} drafts were created before ${p.failedOn ?? "one"} was refused`);
      },
    });
  };

  return (
    <Button
      variant="secondary"
      icon={<FlaskConical className="size-4" aria-hidden />}
      loading={drafts.isPending}
      title={`${uncovered.untested} untested, ${uncovered.notCovered} tested without coverage`}
      onClick={() => void create()}
    >
      Create tests for the {uncovered.targets.length} uncovered
    </Button>
  );
}
