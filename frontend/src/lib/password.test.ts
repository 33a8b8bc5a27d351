import { describe, expect, it } from "vitest";
import { generatePassword, isStrongPassword, passwordProblems } from "./password";

describe("passwordProblems mirrors the server's policy", () => {
  it("accepts a strong password", () => {
    expect(passwordProblems("Correct-Horse-42")).toEqual([]);
    expect(isStrongPassword("Correct-Horse-42")).toBe(true);
  });

  it("names every broken rule, in the server's order", () => {
    expect(passwordProblems("short")).toEqual(["min_length", "uppercase", "digit", "special"]);
    expect(passwordProblems("alllowercase1!")).toEqual(["uppercase"]);
    expect(passwordProblems("ALLUPPERCASE1!")).toEqual(["lowercase"]);
    expect(passwordProblems("NoDigitsHere!!")).toEqual(["digit"]);
    expect(passwordProblems("NoSpecials1234")).toEqual(["special"]);
    expect(passwordProblems("")).toEqual(["min_length", "uppercase", "lowercase", "digit", "special"]);
  });

  it("counts characters, not bytes, and takes non-ASCII letters as letters", () => {
    expect(passwordProblems("Ünïcödé-pass1")).toEqual([]);
    expect(passwordProblems("Äb1!Äb1!Äb1")).toEqual(["min_length"]);
  });

  it("does not take whitespace as a special character", () => {
    expect(passwordProblems("Spaces Only 12")).toEqual(["special"]);
  });

  it("refuses more than 256 characters", () => {
    expect(passwordProblems(`Aa1!${"x".repeat(253)}`)).toEqual(["max_length"]);
  });
});

describe("generatePassword", () => {
  it("always meets the policy", () => {
    for (let i = 0; i < 200; i++) expect(passwordProblems(generatePassword())).toEqual([]);
  });

  it("has the asked length, never below the minimum", () => {
    expect(generatePassword(24)).toHaveLength(24);
    expect(generatePassword(4)).toHaveLength(12);
  });

  it("meets the policy even with a degenerate random source", () => {
    expect(passwordProblems(generatePassword(16, () => 0))).toEqual([]);
    expect(passwordProblems(generatePassword(16, () => 0.999999))).toEqual([]);
  });
});
