import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { QueryClientProvider } from "@tanstack/react-query";
import "./index.css";
import { createQueryClient } from "./app/queryClient";
import { AppRoutes } from "./app/routes";
import { PasswordChangeWatcher, SessionExpiryWatcher } from "./app/SessionGuard";
import { ToastProvider } from "./components/ui";

const queryClient = createQueryClient();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <BrowserRouter>
          <SessionExpiryWatcher />
          <PasswordChangeWatcher />
          <AppRoutes />
        </BrowserRouter>
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
