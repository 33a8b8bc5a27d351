//! `GET /users/directory`: the active users any signed-in role may pick from (assignees,
//! remediation owners). Every user picker reads it; nobody types a username.

import { queryOptions } from "@tanstack/react-query";
import { api } from "./client";
import type { Directory, Member, Role } from "./types";

/** Active users of `roles` (every active user when none are given), by username. */
export const directoryQuery = (roles: readonly Role[] = [], enabled = true) =>
  queryOptions({
    queryKey: ["users", "directory", [...roles].sort().join(",")],
    queryFn: ({ signal }) => api<Directory>("/api/v1/users/directory", { query: { roles: roles.join(",") }, signal }),
    select: (d): Member[] => d.items,
    staleTime: 60_000,
    enabled,
  });

/** The roles that may hold each side of a test. */
export const SIDE_ROLES = {
  red: ["red_tech", "red_lead"],
  blue: ["blue_tech", "blue_lead"],
} as const satisfies Record<"red" | "blue", readonly Role[]>;
