import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { Route, Routes } from "react-router";
import { can } from "@/auth/permissions";
import { CHOOSE_PASSWORD_PATH } from "@/auth/session";
import { LoadingState } from "@/components/ui";
import LoginPage from "@/features/auth/routes/LoginPage";
import { AppLayout } from "./layout/AppLayout";
import { RequireAuth, RequireRole } from "./SessionGuard";

type Page = LazyExoticComponent<ComponentType>;

// Every screen but the login page is its own chunk, loaded when first visited.
const screens = {
  choosePassword: lazy(() => import("@/features/auth/routes/ChoosePasswordPage")),
  dashboard: lazy(() => import("@/features/dashboard/routes/DashboardPage")),
  executive: lazy(() => import("@/features/dashboard/routes/ExecutivePage")),
  matrix: lazy(() => import("@/features/matrix/routes/MatrixPage")),
  techniques: lazy(() => import("@/features/techniques/routes/TechniquesPage")),
  technique: lazy(() => import("@/features/techniques/routes/TechniqueDetailPage")),
  tests: lazy(() => import("@/features/tests/routes/TestsPage")),
  myTasks: lazy(() => import("@/features/tests/routes/MyTasksPage")),
  newTest: lazy(() => import("@/features/tests/routes/NewTestPage")),
  test: lazy(() => import("@/features/tests/routes/TestDetailPage")),
  actors: lazy(() => import("@/features/threat-actors/routes/ThreatActorsPage")),
  actor: lazy(() => import("@/features/threat-actors/routes/ThreatActorDetailPage")),
  reports: lazy(() => import("@/features/reports/routes/ReportsPage")),
  reportPrint: lazy(() => import("@/features/reports/routes/ReportPrintPage")),
  snapshots: lazy(() => import("@/features/snapshots/routes/SnapshotsPage")),
  system: lazy(() => import("@/features/system/routes/SystemPage")),
  scoring: lazy(() => import("@/features/scoring/routes/ScoringPage")),
  users: lazy(() => import("@/features/users/routes/UsersPage")),
  audit: lazy(() => import("@/features/audit/routes/AuditPage")),
  notFound: lazy(() => import("./NotFoundPage")),
} satisfies Record<string, Page>;

export function AppRoutes() {
  const S = screens;
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        path={CHOOSE_PASSWORD_PATH}
        element={
          <RequireAuth pendingPassword>
            <Suspense fallback={<LoadingState label="Loading Aegis…" className="min-h-screen" />}>
              <S.choosePassword />
            </Suspense>
          </RequireAuth>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<S.dashboard />} />
        <Route
          path="executive"
          element={
            <RequireRole allow={can.viewExecutive}>
              <S.executive />
            </RequireRole>
          }
        />
        <Route path="matrix" element={<S.matrix />} />
        <Route path="techniques" element={<S.techniques />} />
        <Route path="techniques/:attackId" element={<S.technique />} />
        <Route path="tests" element={<S.tests />} />
        <Route path="tests/my-tasks" element={<S.myTasks />} />
        <Route
          path="tests/new"
          element={
            <RequireRole allow={can.createTest}>
              <S.newTest />
            </RequireRole>
          }
        />
        <Route path="tests/:testId" element={<S.test />} />
        <Route path="threat-actors" element={<S.actors />} />
        <Route path="threat-actors/:actorId" element={<S.actor />} />
        <Route path="reports" element={<S.reports />} />
        <Route path="reports/print" element={<S.reportPrint />} />
        <Route path="snapshots" element={<S.snapshots />} />
        <Route
          path="system"
          element={
            <RequireRole allow={can.manageSystem}>
              <S.system />
            </RequireRole>
          }
        />
        <Route
          path="scoring"
          element={
            <RequireRole allow={can.editScoringWeights}>
              <S.scoring />
            </RequireRole>
          }
        />
        <Route
          path="users"
          element={
            <RequireRole allow={can.manageUsers}>
              <S.users />
            </RequireRole>
          }
        />
        <Route
          path="audit"
          element={
            <RequireRole allow={can.viewAudit}>
              <S.audit />
            </RequireRole>
          }
        />
        <Route path="*" element={<S.notFound />} />
      </Route>
    </Routes>
  );
}
