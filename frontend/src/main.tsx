import { StrictMode, Suspense, lazy, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import "./index.css";
import { SessionProvider, useSession } from "./auth/session";
import { Layout } from "./components/Layout";
import { Loading, ToastProvider } from "./components/ui";
import Login from "./pages/Login";

// Every screen but the login page is its own chunk.
const Dashboard = lazy(() => import("./pages/Dashboard"));
const Executive = lazy(() => import("./pages/Executive"));
const MatrixPage = lazy(() => import("./pages/Matrix"));
const Techniques = lazy(() => import("./pages/Techniques"));
const TechniqueDetail = lazy(() => import("./pages/TechniqueDetail"));
const Tests = lazy(() => import("./pages/Tests"));
const TestDetail = lazy(() => import("./pages/TestDetail"));
const NewTest = lazy(() => import("./pages/NewTest"));
const ThreatActors = lazy(() => import("./pages/ThreatActors"));
const Reports = lazy(() => import("./pages/Reports"));
const SystemPage = lazy(() => import("./pages/System"));
const Users = lazy(() => import("./pages/Users"));
const Audit = lazy(() => import("./pages/Audit"));

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

function RequireUser({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  if (loading) return <Loading />;
  return user ? children : <Navigate to="/login" replace />;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <SessionProvider>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/login" element={<Login />} />
                <Route element={<RequireUser><Layout /></RequireUser>}>
                  <Route index element={<Dashboard />} />
                  <Route path="executive" element={<Executive />} />
                  <Route path="matrix" element={<MatrixPage />} />
                  <Route path="techniques" element={<Techniques />} />
                  <Route path="techniques/:id" element={<TechniqueDetail />} />
                  <Route path="tests" element={<Tests mine={false} />} />
                  <Route path="tests/mine" element={<Tests mine />} />
                  <Route path="tests/new" element={<NewTest />} />
                  <Route path="tests/:id" element={<TestDetail />} />
                  <Route path="threat-actors" element={<ThreatActors />} />
                  <Route path="reports" element={<Reports />} />
                  <Route path="system" element={<SystemPage />} />
                  <Route path="users" element={<Users />} />
                  <Route path="audit" element={<Audit />} />
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </SessionProvider>
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
