import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration, formatPercent, formatScore, humanize, timeAgo } from "./format";
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
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(65)).toBe("1 min 5 s");
    expect(formatDuration(3900)).toBe("1 h 5 min");
    expect(formatDuration(3 * 86400)).toBe("3 d 0 h");
    expect(formatDuration(null)).toBe("—");
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
