//! A framework screen's view and filters in the URL: `view=gaps` (else the controls), `family`
//! and `q` (the controls' text search), so a gap view of one family can be linked to.

export interface FrameworkView {
  view: "controls" | "gaps";
  family: string;
  q: string;
}

export function frameworkViewFromParams(params: URLSearchParams, families: readonly string[] | undefined): FrameworkView {
  const family = params.get("family") ?? "";
  return {
    view: params.get("view") === "gaps" ? "gaps" : "controls",
    // Until the framework's families are known, the URL's family is taken as it is.
    family: !families || families.includes(family) ? family : "",
    q: params.get("q") ?? "",
  };
}

export function withFrameworkView<K extends keyof FrameworkView>(params: URLSearchParams, key: K, value: FrameworkView[K]): URLSearchParams {
  const next = new URLSearchParams(params);
  const text = value.trim();
  if (text && !(key === "view" && text === "controls")) next.set(key, text);
  else next.delete(key);
  return next;
}
