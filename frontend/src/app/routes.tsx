import { lazy, Suspense, useLayoutEffect, type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
import { Route, Routes } from "react-router";
import type { Role } from "@/api/types";
import { can } from "@/auth/permissions";
import { CHOOSE_PASSWORD_PATH, MFA_ENROL_PATH } from "@/auth/session";
import { LoadingState } from "@/components/ui";
import LoginPage from "@/features/auth/routes/LoginPage";
import { AppLayout } from "./layout/AppLayout";
import { RequireAuth, RequireRole } from "./SessionGuard";

type Page = LazyExoticComponent<ComponentType>;

// Every screen but the login page is its own chunk, loaded when first visited.
const screens = {
  choosePassword: lazy(() => import("@/features/auth/routes/ChoosePasswordPage")),
  mfaEnrol: lazy(() => import("@/features/auth/routes/MfaEnrolPage")),
  dashboard: lazy(() => import("@/features/dashboard/routes/DashboardPage")),
  executive: lazy(() => import("@/features/dashboard/routes/ExecutivePage")),
  matrix: lazy(() => import("@/features/matrix/routes/MatrixPage")),
  techniques: lazy(() => import("@/features/techniques/routes/TechniquesPage")),
  technique: lazy(() => import("@/features/techniques/routes/TechniqueDetailPage")),
  tests: lazy(() => import("@/features/tests/routes/TestsPage")),
  myTasks: lazy(() => import("@/features/tests/routes/MyTasksPage")),
  newTest: lazy(() => import("@/features/tests/routes/NewTestPage")),
  test: lazy(() => import("@/features/tests/routes/TestDetailPage")),
  campaigns: lazy(() => import("@/features/campaigns/routes/CampaignsPage")),
  newCampaign: lazy(() => import("@/features/campaigns/routes/NewCampaignPage")),
  campaign: lazy(() => import("@/features/campaigns/routes/CampaignDetailPage")),
  actors: lazy(() => import("@/features/threat-actors/routes/ThreatActorsPage")),
  actor: lazy(() => import("@/features/threat-actors/routes/ThreatActorDetailPage")),
  reports: lazy(() => import("@/features/reports/routes/ReportsPage")),
  reportPrint: lazy(() => import("@/features/reports/routes/ReportPrintPage")),
  snapshots: lazy(() => import("@/features/snapshots/routes/SnapshotsPage")),
  operationalMetrics: lazy(() => import("@/features/metrics/routes/OperationalMetricsPage")),
  comparison: lazy(() => import("@/features/metrics/routes/ComparisonPage")),
  alertRules: lazy(() => import("@/features/alert-rules/routes/AlertRulesPage")),
  alertRule: lazy(() => import("@/features/alert-rules/routes/AlertRulePage")),
  alertChannels: lazy(() => import("@/features/alert-channels/routes/AlertChannelsPage")),
  alertChannel: lazy(() => import("@/features/alert-channels/routes/AlertChannelPage")),
  system: lazy(() => import("@/features/system/routes/SystemPage")),
  dataSources: lazy(() => import("@/features/data-sources/routes/DataSourcesPage")),
  catalog: lazy(() => import("@/features/test-catalog/routes/TestCatalogPage")),
  template: lazy(() => import("@/features/test-catalog/routes/TemplateDetailPage")),
  scoring: lazy(() => import("@/features/scoring/routes/ScoringPage")),
  users: lazy(() => import("@/features/users/routes/UsersPage")),
  apiTokens: lazy(() => import("@/features/api-tokens/routes/ApiTokensPage")),
  audit: lazy(() => import("@/features/audit/routes/AuditPage")),
  rules: lazy(() => import("@/features/detection-rules/routes/DetectionRulesPage")),
  ruleGaps: lazy(() => import("@/features/detection-rules/routes/RuleGapsPage")),
  rule: lazy(() => import("@/features/detection-rules/routes/RuleDetailPage")),
  d3fend: lazy(() => import("@/features/d3fend/routes/D3fendPage")),
  countermeasure: lazy(() => import("@/features/d3fend/routes/CountermeasurePage")),
  compliance: lazy(() => import("@/features/compliance/routes/CompliancePage")),
  framework: lazy(() => import("@/features/compliance/routes/FrameworkPage")),
  control: lazy(() => import("@/features/compliance/routes/ControlPage")),
  notFound: lazy(() => import("./NotFoundPage")),
} satisfies Record<string, Page>;

/**
 * The route's title in the browser tab, set before the screen renders; a screen's own header
 * then names it more precisely (a technique's id and name, a test's title).
 */
function Titled({ title, children }: { title: string; children: ReactNode }) {
  useLayoutEffect(() => {
    document.title = `${title} · Aegis`;
  }, [title]);
  return children;
}

export function AppRoutes() {
  const S = screens;
  /** A screen with its tab title, optionally behind a role check. */
  const page = (title: string, Screen: Page, allow?: (r?: Role) => boolean) => {
    const titled = (
      <Titled title={title}>
        <Screen />
      </Titled>
    );
    return allow ? <RequireRole allow={allow}>{titled}</RequireRole> : titled;
  };
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
        path={MFA_ENROL_PATH}
        element={
          <RequireAuth pendingMfa>
            <Suspense fallback={<LoadingState label="Loading Aegis…" className="min-h-screen" />}>
              <S.mfaEnrol />
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
        <Route index element={page("Dashboard", S.dashboard)} />
        <Route path="executive" element={page("Executive Dashboard", S.executive, can.viewExecutive)} />
        <Route path="matrix" element={page("ATT&CK Matrix", S.matrix)} />
        <Route path="techniques" element={page("Techniques", S.techniques)} />
        <Route path="techniques/:attackId" element={page("Technique", S.technique)} />
        <Route path="tests" element={page("All Tests", S.tests)} />
        <Route path="tests/my-tasks" element={page("My Pending Tasks", S.myTasks)} />
        <Route path="tests/new" element={page("New test", S.newTest, can.createTest)} />
        <Route path="tests/:testId" element={page("Test", S.test)} />
        <Route path="test-catalog" element={page("Test Catalog", S.catalog)} />
        <Route path="test-catalog/:templateId" element={page("Test template", S.template)} />
        <Route path="detection-rules" element={page("Detection Rules", S.rules)} />
        <Route path="detection-rules/gaps" element={page("Detection gaps", S.ruleGaps)} />
        <Route path="detection-rules/:ruleId" element={page("Detection rule", S.rule)} />
        <Route path="d3fend" element={page("D3FEND", S.d3fend)} />
        <Route path="d3fend/:d3fendId" element={page("Countermeasure", S.countermeasure)} />
        <Route path="compliance" element={page("Compliance", S.compliance)} />
        <Route path="compliance/:frameworkId" element={page("Compliance framework", S.framework)} />
        <Route path="compliance/:frameworkId/controls/:controlId" element={page("Compliance control", S.control)} />
        <Route path="campaigns" element={page("Campaigns", S.campaigns)} />
        <Route path="campaigns/new" element={page("New campaign", S.newCampaign, can.manageCampaigns)} />
        <Route path="campaigns/:campaignId" element={page("Campaign", S.campaign)} />
        <Route path="threat-actors" element={page("Threat Actors", S.actors)} />
        <Route path="threat-actors/:actorId" element={page("Threat actor", S.actor)} />
        <Route path="reports" element={page("Reports", S.reports)} />
        <Route path="reports/print" element={page("Printable report", S.reportPrint)} />
        <Route path="snapshots" element={page("Snapshots", S.snapshots)} />
        <Route path="metrics/operational" element={page("Operational metrics", S.operationalMetrics)} />
        <Route path="comparison" element={page("Comparison", S.comparison, can.compareMetrics)} />
        <Route path="alert-rules" element={page("Alert rules", S.alertRules)} />
        <Route path="alert-rules/:ruleId" element={page("Alert rule", S.alertRule)} />
        <Route path="alert-channels" element={page("Webhook channels", S.alertChannels, can.readAlertChannels)} />
        <Route path="alert-channels/:channelId" element={page("Webhook channel", S.alertChannel, can.readAlertChannels)} />
        <Route path="system" element={page("MITRE Sync", S.system, can.manageSystem)} />
        <Route path="data-sources" element={page("Data Sources", S.dataSources, can.manageDataSources)} />
        <Route path="scoring" element={page("Scoring Weights", S.scoring, can.editScoringWeights)} />
        <Route path="users" element={page("Users", S.users, can.manageUsers)} />
        <Route path="api-tokens" element={page("API tokens", S.apiTokens)} />
        <Route path="audit" element={page("Audit Log", S.audit, can.viewAudit)} />
        <Route path="*" element={page("Page not found", S.notFound)} />
      </Route>
    </Routes>
  );
}
