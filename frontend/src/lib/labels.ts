//! Display labels and ordering of the workflow's enums.

import type { Detection, Layer, Severity, TestState } from "@/api/types";

export const TEST_STATES: readonly TestState[] = [
  "draft",
  "red_executing",
  "blue_evaluating",
  "in_review",
  "validated",
  "rejected",
];

export const STATE_LABELS: Record<TestState, string> = {
  draft: "Draft",
  red_executing: "Red executing",
  blue_evaluating: "Blue evaluating",
  in_review: "In review",
  // "Approved", never "Validated": that word is a technique's coverage status.
  validated: "Approved",
  rejected: "Rejected",
};

export const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

export const LAYERS: readonly Layer[] = ["edr", "siem", "firewall", "av", "ids", "email", "proxy", "other"];

export const LAYER_LABELS: Record<Layer, string> = {
  edr: "EDR",
  siem: "SIEM",
  firewall: "Firewall",
  av: "Antivirus",
  ids: "IDS / IPS",
  email: "E-mail gateway",
  proxy: "Web proxy",
  other: "Other",
};

export const DETECTIONS: readonly Detection[] = ["prevented", "alerted", "logged", "none", "not_applicable"];

export const DETECTION_LABELS: Record<Detection, string> = {
  prevented: "Prevented",
  alerted: "Alerted",
  logged: "Logged only",
  none: "Not detected",
  not_applicable: "Not applicable",
};

export const PLATFORMS: readonly string[] = [
  "Windows",
  "Linux",
  "macOS",
  "Network Devices",
  "Containers",
  "IaaS",
  "SaaS",
  "Office Suite",
  "Identity Provider",
  "ESXi",
];
