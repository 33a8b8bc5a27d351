import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { ApiError } from "@/api/client";
import { ImportErrors } from "../components/ImportErrors";
import { formatOfFile, frameworkIdOf, importProblems } from "./importErrors";

const refused = new ApiError({
  status: 422,
  detail: "The request is invalid",
  errors: [
    { field: "row 12", code: "invalid_row", message: "T10X is not a technique id" },
    { field: "row 3", code: "invalid_row", message: "empty control_id" },
    { field: "body", code: "invalid_file", message: "broken quoting" },
  ],
});

describe("a refused framework import", () => {
  it("lists the bad rows in file order with their numbers, the file's problems apart", () => {
    expect(importProblems(refused)).toEqual({
      rows: [
        { row: 3, message: "empty control_id" },
        { row: 12, message: "T10X is not a technique id" },
      ],
      other: [{ field: "body", message: "broken quoting" }],
    });
    expect(importProblems(new Error("offline"))).toEqual({ rows: [], other: [] });
  });

  it("renders every row by number and says nothing was imported", () => {
    render(<ImportErrors error={refused} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Nothing was imported: 2 rows are wrong (the header is row 1).");
    const rows = within(screen.getByRole("list", { name: "Rows refused" })).getAllByRole("listitem");
    expect(rows.map((r) => r.textContent)).toEqual(["Row 3: empty control_id", "Row 12: T10X is not a technique id"]);
    expect(alert).toHaveTextContent("The file: broken quoting");
  });

  it("shows a refusal without field errors in the server's words", () => {
    render(<ImportErrors error={new ApiError({ status: 409, detail: "nist-800-53-rev5 follows its data source" })} />);
    expect(screen.getByRole("alert")).toHaveTextContent("nist-800-53-rev5 follows its data source");
  });

  it("derives the id and the format as the server does", () => {
    expect(frameworkIdOf("CIS Controls v8")).toBe("cis-controls-v8");
    expect(frameworkIdOf("  ISO/IEC 27001:2022 ")).toBe("iso-iec-27001-2022");
    expect(formatOfFile("cis.CSV")).toBe("csv");
    expect(formatOfFile("nist.json")).toBe("mappings-explorer");
    expect(formatOfFile("x.txt")).toBeNull();
  });
});
