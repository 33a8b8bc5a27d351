//! Reading an ATT&CK Navigator layer file before it is uploaded as a technique set, with the
//! server's rules mirrored (coverage::layer::import) so a wrong file is named at once: a JSON
//! object with a `techniques` array, a known domain, ATT&CK ids, at least one enabled technique.

/** The API's body limit (1 MiB). */
export const MAX_LAYER_BYTES = 1024 * 1024;

const DOMAINS: Record<string, string> = {
  "enterprise-attack": "enterprise-attack",
  "mitre-enterprise": "enterprise-attack",
  "mobile-attack": "mobile-attack",
  "mitre-mobile": "mobile-attack",
  "ics-attack": "ics-attack",
};

export interface ParsedLayer {
  /** The layer's own name, or the server's fallback. */
  name: string;
  description: string;
  /** The ATT&CK domain the set will be read against. */
  domain: string;
  /** Distinct enabled technique ids, upper case, sorted. */
  techniques: string[];
  /** Entries left out because they are disabled. */
  disabled: number;
  /** Layer format version, when the file says. */
  version: string | null;
  raw: Record<string, unknown>;
}

export type LayerResult = { ok: true; layer: ParsedLayer } | { ok: false; error: string };

/** `T1059`, `T1059.001` (the server's `valid_id`). */
export function isTechniqueId(id: string): boolean {
  return /^T\d+(\.\d+)?$/.test(id);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A picked file's text (FileReader, which every browser and test DOM has). */
export function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ""));
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.readAsText(file);
  });
}

/** Checks a file's size before reading it. */
export function checkLayerSize(bytes: number): string | null {
  if (bytes === 0) return "The file is empty.";
  if (bytes > MAX_LAYER_BYTES) return `The file is ${(bytes / 1024 / 1024).toFixed(1)} MB; layers of up to 1 MB are accepted.`;
  return null;
}

export function parseLayer(text: string): LayerResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not a Navigator layer: the file is not valid JSON (${e instanceof Error ? e.message : String(e)}).` };
  }
  if (!isObject(data)) return { ok: false, error: "Not a Navigator layer: expected a JSON object with a techniques list." };
  if (data.name !== undefined && data.name !== null && typeof data.name !== "string") {
    return { ok: false, error: "Not a Navigator layer: `name` must be text." };
  }
  const rawDomain = data.domain;
  if (rawDomain !== undefined && rawDomain !== null && typeof rawDomain !== "string") {
    return { ok: false, error: "Not a Navigator layer: `domain` must be text." };
  }
  const domain = rawDomain == null ? "enterprise-attack" : DOMAINS[rawDomain];
  if (!domain) return { ok: false, error: `Unknown layer domain “${String(rawDomain)}”: use enterprise-attack, mobile-attack or ics-attack.` };
  if (!Array.isArray(data.techniques)) return { ok: false, error: "Not a Navigator layer: it has no techniques list." };
  const ids = new Set<string>();
  let disabled = 0;
  for (const [i, t] of data.techniques.entries()) {
    if (!isObject(t) || typeof t.techniqueID !== "string") {
      return { ok: false, error: `Not a Navigator layer: technique ${i + 1} has no techniqueID.` };
    }
    if (t.enabled === false) {
      disabled++;
      continue;
    }
    const id = t.techniqueID.trim().toUpperCase();
    if (!isTechniqueId(id)) return { ok: false, error: `“${t.techniqueID}” is not an ATT&CK technique id.` };
    ids.add(id);
  }
  if (ids.size === 0) return { ok: false, error: "The layer holds no enabled techniques." };
  const name = typeof data.name === "string" && data.name.trim() ? data.name.trim() : "Imported layer";
  const versions = isObject(data.versions) ? data.versions : null;
  const version = typeof versions?.layer === "string" ? versions.layer : typeof data.version === "string" ? data.version : null;
  return {
    ok: true,
    layer: {
      name,
      description: typeof data.description === "string" ? data.description : "",
      domain,
      techniques: [...ids].sort(),
      disabled,
      version,
      raw: data,
    },
  };
}

/** The upload body: the layer as it was, with the name (and description) the user chose. */
export function layerBody(layer: ParsedLayer, name: string, description: string): string {
  return JSON.stringify({ ...layer.raw, name: name.trim(), description });
}

export const MAX_SET_NAME = 200;

/** The name the set gets, or why it cannot have it. */
export function checkSetName(name: string): string | null {
  if (!name.trim()) return "Give the set a name.";
  if (name.trim().length > MAX_SET_NAME) return `At most ${MAX_SET_NAME} characters (this is ${name.trim().length}).`;
  return null;
}
