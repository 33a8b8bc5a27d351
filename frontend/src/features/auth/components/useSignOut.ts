import { useNavigate } from "react-router";
import { errorMessage } from "@/api/client";
import type { LoginState } from "@/auth/session";
import { useToast } from "@/components/ui";
import { useLogout } from "../api/auth";

/** Signs out (the session ends locally whatever the server answered) and goes to sign-in. */
export function useSignOut(): { signOut: () => void; pending: boolean } {
  const logout = useLogout();
  const navigate = useNavigate();
  const toast = useToast();
  const signOut = () =>
    logout.mutate(undefined, {
      onSettled: (_d, error) => {
        if (error) toast.error(errorMessage(error));
        const state: LoginState = { signedOut: true };
        navigate("/login", { replace: true, state });
      },
    });
  return { signOut, pending: logout.isPending };
}
