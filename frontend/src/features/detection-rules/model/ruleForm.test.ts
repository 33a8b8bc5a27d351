import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import { EMPTY_RULE_FORM, ruleFormProblems, ruleServerErrors, toCustomRule } from "./ruleForm";

describe("custom rule form", () => {
  it("sends typed lists as lists and empty optional fields as null", () => {
    const body = toCustomRule({
      ...EMPTY_RULE_FORM,
      title: "  Encoded PowerShell ",
      techniques: "t1059.001, T1027",
      platforms: "Windows, linux",
      references: "https://a.example\n\n https://b.example ",
      query: "process.name: powershell.exe",
    });
    expect(body).toEqual({
      title: "Encoded PowerShell",
      description: "",
      technique_ids: ["T1059.001", "T1027"],
      level: null,
      status: null,
      language: null,
      logsource: null,
      platforms: ["windows", "linux"],
      query: "process.name: powershell.exe",
      references: ["https://a.example", "https://b.example"],
    });
  });

  it("checks the title and the technique ids before sending", () => {
    expect(ruleFormProblems(EMPTY_RULE_FORM)).toEqual({ title: "A title is required" });
    expect(ruleFormProblems({ ...EMPTY_RULE_FORM, title: "x", techniques: "T1059, 1003" }).techniques).toMatch(/1003/);
  });

  it("places the server's errors on the form's fields, naming the refused id", () => {
    const error = new ApiError({
      status: 422,
      detail: "invalid",
      errors: [
        { field: "technique_ids[1]", code: "unknown_technique", message: "is not a current technique of the catalog" },
        { field: "title", code: "too_long", message: "at most 200 characters" },
      ],
    });
    const sent = toCustomRule({ ...EMPTY_RULE_FORM, title: "x", techniques: "T1001, T9999" });
    expect(ruleServerErrors(error, sent)).toEqual({
      techniques: ["T9999: is not a current technique of the catalog"],
      title: ["at most 200 characters"],
    });
  });
});
