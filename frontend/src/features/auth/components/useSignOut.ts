import { useNavigate } from "react-router";
import type { LoginState } from "@/auth/session";
import { useLogout } from "../api/auth";

/**
 * Signs out (the session ends locally whatever the server answered; a failure is reported like
 * any mutation's) and goes to sign-in.
 */
export function useSignOut(): { signOut: () => void; pending: boolean } {
  const logout = useLogout();
  const navigate = useNavigate();
  const signOut = () =>
    logout.mutate(undefined, {
      onSettled: () => {
        const state: LoginState = { signedOut: true };
        navigate("/login", { replace: true, state });
      },
    });
  return { signOut, pending: logout.isPending };
}
