import { describe, expect, it } from "vitest";
import type { FullTemplate } from "./template";
import { ApiError } from "@/api/client";
import { EMPTY_ARGUMENT, EMPTY_TEMPLATE_FORM, formFromTemplate, parseTechniqueIds, templateFormErrors, toTemplateInput, toTemplatePatch } from "./templateForm";

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
    } as unknown as FullTemplate;
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

describe("custom template errors and edits", () => {
  it("clears an optional text on edit by sending it empty (null would leave it as it was)", () => {
    const patch = toTemplatePatch({ ...EMPTY_TEMPLATE_FORM, name: "x", techniques: "T1033" });
    expect(patch).toMatchObject({ executor: "", command: "", cleanup: "", privileges: "" });
  });

  it("places the server's refusals: a technique by its id, an argument on the row that was sent", () => {
    const values = {
      ...EMPTY_TEMPLATE_FORM,
      name: "x",
      techniques: "T1033, T9999",
      arguments: [
        { ...EMPTY_ARGUMENT, name: "" },
        { ...EMPTY_ARGUMENT, name: "bad name" },
      ],
    };
    const error = new ApiError({
      status: 422,
      detail: "invalid",
      errors: [
        { field: "technique_ids[1]", code: "unknown_technique", message: "T9999 is not in the catalog" },
        { field: "arguments[0].name", code: "invalid", message: "1-64 letters, digits, `_` or `-`" },
        { field: "references[0]", code: "too_long", message: "at most 2000 characters" },
        { field: "name", code: "required", message: "required" },
      ],
    });
    const placed = templateFormErrors(error, values);
    expect(placed.fields).toEqual({
      techniques: ["T9999: T9999 is not in the catalog"],
      references: ["references 1: at most 2000 characters"],
      name: ["required"],
    });
    // The unnamed first row was not sent: the server's arguments[0] is the form's second row.
    expect(placed.rows).toEqual({ 1: { name: "1-64 letters, digits, `_` or `-`" } });
    expect(templateFormErrors(null, values)).toEqual({ fields: {}, rows: {} });
  });
});
