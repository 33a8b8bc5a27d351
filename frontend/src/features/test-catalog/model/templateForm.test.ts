import { describe, expect, it } from "vitest";
import type { TestTemplate } from "@/api/content";
import { EMPTY_TEMPLATE_FORM, formFromTemplate, parseTechniqueIds, toTemplateInput } from "./templateForm";

describe("custom template form", () => {
  it("reads technique ids separated by commas or spaces, upper case, each once", () => {
    expect(parseTechniqueIds(" t1059.001, T1105  t1059.001;T1003 ")).toEqual(["T1059.001", "T1105", "T1003"]);
    expect(parseTechniqueIds("")).toEqual([]);
  });

  it("sends empty optional fields as null and leaves out unnamed argument rows", () => {
    const body = toTemplateInput({
      ...EMPTY_TEMPLATE_FORM,
      name: "  Dump LSASS ",
      techniques: "T1003.001",
      command: "procdump -ma lsass.exe #{out}",
      references: "https://example.org/a\n\n https://example.org/b ",
      arguments: [
        { name: "out", description: "", type: "path", default: "C:\\lsass.dmp" },
        { name: " ", description: "unnamed", type: "", default: "" },
      ],
    });
    expect(body).toEqual({
      name: "Dump LSASS",
      description: "",
      technique_ids: ["T1003.001"],
      platforms: [],
      executor: null,
      command: "procdump -ma lsass.exe #{out}",
      cleanup: null,
      privileges: null,
      elevation_required: false,
      references: ["https://example.org/a", "https://example.org/b"],
      arguments: [{ name: "out", description: null, type: "path", default: "C:\\lsass.dmp" }],
    });
  });

  it("fills the form from a template and gives back the same content", () => {
    const t = {
      name: "Whoami",
      description: "d",
      technique_ids: ["T1033"],
      platforms: ["windows"],
      executor: "command_prompt",
      command: "whoami #{flag}",
      cleanup: null,
      privileges: "User",
      elevation_required: false,
      references: ["https://example.org"],
      arguments: [{ name: "flag", description: "What to show", type: "string", default: "/all" }],
    } as unknown as TestTemplate;
    expect(toTemplateInput(formFromTemplate(t))).toEqual({
      name: "Whoami",
      description: "d",
      technique_ids: ["T1033"],
      platforms: ["windows"],
      executor: "command_prompt",
      command: "whoami #{flag}",
      cleanup: null,
      privileges: "User",
      elevation_required: false,
      references: ["https://example.org"],
      arguments: [{ name: "flag", description: "What to show", type: "string", default: "/all" }],
    });
  });
});
