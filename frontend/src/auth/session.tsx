// The signed-in user (from GET /auth/me), login and logout. The token itself lives only in the
// HttpOnly cookie; the SPA never sees it.

import { createContext, useContext, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client";
import type { User } from "../api/types";

interface Session {
  user: User | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const me = useQuery({
    queryKey: ["me"],
    queryFn: () => api<User>("/api/v1/auth/me").catch(() => null),
    staleTime: 60_000,
  });
  const session: Session = {
    user: me.data ?? null,
    loading: me.isLoading,
    login: async (username, password) => {
      const res = await api<{ user: User }>("/api/v1/auth/login", { method: "POST", json: { username, password } });
      qc.clear();
      qc.setQueryData(["me"], res.user);
    },
    logout: async () => {
      await api("/api/v1/auth/logout", { method: "POST" }).catch(() => undefined);
      qc.clear();
      qc.setQueryData(["me"], null);
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}
