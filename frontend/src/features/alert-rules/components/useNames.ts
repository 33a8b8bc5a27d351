import { useQuery } from "@tanstack/react-query";
import { directoryQuery } from "@/api/directory";
import { useTacticName } from "@/api/tactics";
import type { AlertKind } from "@/api/types";
import { actorQuery, channelsQuery, techniqueSetsQuery } from "../api/lookups";
import type { Names } from "../model/condition";

/**
 * The names a condition (or a firing of `kind`) refers to: tactics always, the one threat actor
 * `actorId` when given, technique sets only when the kind is about one.
 */
export function useNames(kind: AlertKind["kind"] | string, actorId = ""): Names {
  const tactic = useTacticName();
  const actor = useQuery(actorQuery(kind === "threat_actor_score_below" ? actorId : ""));
  const sets = useQuery({ ...techniqueSetsQuery, enabled: kind === "technique_set_score_below" });
  return {
    tactic,
    actor: (id) => (actor.data && actor.data.attack_id === id ? actor.data.name : undefined),
    set: (id) => sets.data?.items.find((s) => s.id === id)?.name,
  };
}

/** A user id's username from the directory (active users); undefined for anyone else. */
export function useUsernames(): (id: string) => string | undefined {
  const q = useQuery(directoryQuery());
  const byId = new Map((q.data ?? []).map((m) => [m.id.toLowerCase(), m.username]));
  return (id) => byId.get(id.toLowerCase());
}

/** A webhook channel id's name; read only when `needed` (a rule that names channels). */
export function useChannelNames(needed: boolean): (id: string) => string | undefined {
  const q = useQuery({ ...channelsQuery, enabled: needed });
  const byId = new Map((q.data ?? []).map((c) => [c.id.toLowerCase(), c.name]));
  return (id) => byId.get(id.toLowerCase());
}
