//! Display names of the values templates carry as their sources write them.

/** Platforms as the sources name them (Atomic Red Team's `windows`, `linux`, `macos`, ...). */
export const TEMPLATE_PLATFORMS: readonly string[] = ["windows", "linux", "macos", "containers", "iaas", "office-365", "azure-ad", "google-workspace", "esxi"];

const PLATFORM_LABELS: Record<string, string> = {
  windows: "Windows",
  linux: "Linux",
  macos: "macOS",
  containers: "Containers",
  iaas: "IaaS",
  "office-365": "Office 365",
  "azure-ad": "Azure AD",
  "google-workspace": "Google Workspace",
  esxi: "ESXi",
};

export function platformLabel(p: string): string {
  return PLATFORM_LABELS[p.toLowerCase()] ?? p;
}

const EXECUTOR_LABELS: Record<string, string> = {
  powershell: "PowerShell",
  command_prompt: "Command prompt",
  sh: "sh",
  bash: "bash",
  manual: "Manual",
};

export function executorLabel(e: string | null | undefined): string {
  if (!e) return "—";
  return EXECUTOR_LABELS[e] ?? e;
}
