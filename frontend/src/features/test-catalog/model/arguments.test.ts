import { describe, expect, it } from "vitest";
import type { TemplateArgument } from "@/api/content";
import { argumentsBody, initialValues, missingArguments, resolveArguments } from "./arguments";

const args: TemplateArgument[] = [
  { name: "file", description: "Where to write", type: "path", default: "C:\\a.txt" },
  { name: "url", description: null, type: "url", default: null },
];

describe("template arguments", () => {
  it("prefills each input with its default, empty when there is none", () => {
    expect(initialValues(args)).toEqual({ file: "C:\\a.txt", url: "" });
  });

  it("sends what was typed and leaves empty inputs to the server's default", () => {
    expect(argumentsBody(args, { file: "D:\\b.txt", url: "" })).toEqual({ file: "D:\\b.txt" });
    expect(argumentsBody(args, { file: "", url: "http://127.0.0.1/x" })).toEqual({ url: "http://127.0.0.1/x" });
    expect(argumentsBody(args, { other: "x" })).toEqual({});
  });

  it("resolves the command as the server does: the value given, else the default, else as written", () => {
    const command = "iwr #{url} -OutFile #{file}; type #{file}";
    expect(resolveArguments(command, args, {})).toBe("iwr #{url} -OutFile C:\\a.txt; type C:\\a.txt");
    expect(resolveArguments(command, args, { url: "http://127.0.0.1/x", file: "" })).toBe("iwr http://127.0.0.1/x -OutFile C:\\a.txt; type C:\\a.txt");
    expect(missingArguments(command, args, {})).toEqual(["url"]);
    expect(missingArguments(command, args, { url: "u" })).toEqual([]);
    expect(missingArguments("whoami", args, {})).toEqual([]);
  });

  it("replaces a value containing a placeholder's own text literally", () => {
    expect(resolveArguments("echo #{url}", args, { url: "$& #{file}" })).toBe("echo $& #{file}");
  });
});
