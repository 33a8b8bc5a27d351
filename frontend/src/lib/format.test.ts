import { describe, expect, it } from "vitest";
import { formatBytes, ofTotal, plural, formatDuration, formatPercent, formatScore, humanize, timeAgo } from "./format";
import { fromLocalInput, toLocalInput } from "./datetime";
import { paragraphs, plainAttackText } from "./text";

describe("format", () => {
  it("formats sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 kB");
    expect(formatBytes(50 * 1024 * 1024)).toBe("50 MB");
    expect(formatBytes(-1)).toBe("—");
  });

  it("formats durations", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(65)).toBe("1 min 5 s");
    expect(formatDuration(4 * 60 + 12)).toBe("4 min 12 s");
    expect(formatDuration(600)).toBe("10 min");
    expect(formatDuration(3900)).toBe("1 h 5 min");
    expect(formatDuration(2 * 3600 + 5 * 60 + 59)).toBe("2 h 5 min");
    expect(formatDuration(7200)).toBe("2 h");
    expect(formatDuration(23 * 3600 + 59 * 60)).toBe("23 h 59 min");
    expect(formatDuration(86400)).toBe("1 d");
    expect(formatDuration(3 * 86400 + 4 * 3600 + 120)).toBe("3 d 4 h");
    expect(formatDuration(3 * 86400)).toBe("3 d");
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(-5)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });

  it("pluralises counts", () => {
    expect(plural(0, "test")).toBe("0 tests");
    expect(plural(1, "test")).toBe("1 test");
    expect(plural(2, "test")).toBe("2 tests");
    expect(plural(1, "analysis", "analyses")).toBe("1 analysis");
    expect(plural(3, "analysis", "analyses")).toBe("3 analyses");
  });

  it("says how long ago", () => {
    const now = new Date("2026-01-10T12:00:00Z");
    expect(timeAgo("2026-01-10T11:59:50Z", now)).toBe("just now");
    expect(timeAgo("2026-01-10T11:55:00Z", now)).toBe("5 min ago");
    expect(timeAgo("2026-01-10T09:00:00Z", now)).toBe("3 h ago");
    expect(timeAgo("2026-01-08T12:00:00Z", now)).toBe("2 d ago");
    expect(timeAgo(null, now)).toBe("—");
    expect(timeAgo("garbage", now)).toBe("—");
  });

  it("formats scores, percents and enum values", () => {
    expect(formatScore(72.456)).toBe("72.5");
    expect(formatScore(undefined)).toBe("—");
    expect(formatPercent(33.333)).toBe("33.3%");
    expect(humanize("red_executing")).toBe("Red executing");
    expect(humanize("user.create")).toBe("User create");
  });
});

describe("ofTotal", () => {
  it("agrees the noun with the total", () => {
    expect(ofTotal(1, 1, "test")).toBe("1 of 1 test");
    expect(ofTotal(0, 1, "sub-technique")).toBe("0 of 1 sub-technique");
    expect(ofTotal(1, 2, "test")).toBe("1 of 2 tests");
    expect(ofTotal(0, 0, "test")).toBe("0 of 0 tests");
    expect(ofTotal(1, 3, "analysis", "analyses")).toBe("1 of 3 analyses");
  });
});

describe("datetime-local", () => {
  it("round-trips through RFC 3339", () => {
    const d = new Date(2026, 0, 2, 3, 4);
    expect(toLocalInput(d)).toBe("2026-01-02T03:04");
    expect(fromLocalInput(toLocalInput(d))).toBe(d.toISOString());
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("nonsense")).toBeNull();
  });
});

describe("ATT&CK text", () => {
  it("drops citations and keeps link labels", () => {
    expect(plainAttackText("Adversaries may abuse [PowerShell](https://attack.mitre.org/techniques/T1059/001) commands.(Citation: TechNet PowerShell)")).toBe(
      "Adversaries may abuse PowerShell commands.",
    );
    expect(plainAttackText(null)).toBe("");
  });

  it("splits paragraphs", () => {
    expect(paragraphs("One.\n\nTwo.\n\n\n")).toEqual(["One.", "Two."]);
  });
});
