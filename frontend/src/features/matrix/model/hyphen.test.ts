import { describe, expect, it } from "vitest";
import { softHyphenate } from "./hyphen";

const shown = (s: string) => s.replace(/\u00AD/g, "-");

describe("softHyphenate", () => {
  it("breaks long tactic names between syllables", () => {
    expect(shown(softHyphenate("Reconnaissance"))).toBe("Re-con-nais-sance");
    expect(shown(softHyphenate("Persistence"))).toBe("Per-sis-tence");
    expect(shown(softHyphenate("Privilege Escalation"))).toBe("Pri-vi-lege Es-ca-la-tion");
  });

  it("leaves short words and the text itself alone", () => {
    expect(softHyphenate("Command and Control")).toBe("Command and Control");
    expect(softHyphenate("Discovery").replace(/\u00AD/g, "")).toBe("Discovery");
  });
});
