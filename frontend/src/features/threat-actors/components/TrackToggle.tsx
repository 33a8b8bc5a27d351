import { Bookmark, BookmarkCheck } from "lucide-react";
import { Badge, Button, useToast } from "@/components/ui";
import { useSetTracked } from "../api/threatActors";

/** The "Tracked" mark of an actor the organisation tracks. */
export function TrackedBadge() {
  return (
    <Badge tone="violet">
      <BookmarkCheck className="size-3.5" aria-hidden />
      Tracked
    </Badge>
  );
}

/**
 * Track or untrack an actor (leads, admin): tracked actors come first in the intel view of each
 * new ATT&CK release, and `tracked_actor_gap` alert rules watch what they gain.
 */
export function TrackToggle({ actor, size = "md" }: { actor: { attack_id: string; name: string; tracked: boolean }; size?: "sm" | "md" }) {
  const set = useSetTracked();
  const toast = useToast();
  const next = !actor.tracked;
  return (
    <Button
      size={size}
      variant="secondary"
      icon={actor.tracked ? <BookmarkCheck className="size-4" aria-hidden /> : <Bookmark className="size-4" aria-hidden />}
      loading={set.isPending}
      aria-label={`${next ? "Track" : "Untrack"} ${actor.name}`}
      onClick={() =>
        set.mutate(
          { id: actor.attack_id, tracked: next },
          { onSuccess: (t) => toast.success(t.tracked ? `Tracking ${actor.name}` : `Stopped tracking ${actor.name}`) },
        )
      }
    >
      {next ? "Track" : "Untrack"}
    </Button>
  );
}
