import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import "./index.css";
import { createQueryClient } from "./app/queryClient";
import { AppRoutes } from "./app/routes";
import { PasswordChangeWatcher, SessionExpiryWatcher } from "./app/SessionGuard";
import { ConfirmProvider, createToaster, ToastProvider } from "./components/ui";

// One toaster for the screens and for the QueryClient, which reports every failed mutation.
const toaster = createToaster();
const queryClient = createQueryClient(toaster);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider toaster={toaster}>
        <ConfirmProvider>
          <BrowserRouter>
            <SessionExpiryWatcher />
            <PasswordChangeWatcher />
            <AppRoutes />
          </BrowserRouter>
        </ConfirmProvider>
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
