import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import type { AlertChannel } from "@/api/types";
import { buildCreate, buildUpdate, changesSomething, channelFieldErrors, describeDelivery, describeHealth, formFromChannel, urlHost } from "./channel";

const channel: AlertChannel = {
  id: "c1",
  name: "SOC chat",
  url: "https://hooks.example.com/services/T000/B000/XXXX",
  format: "slack",
  enabled: true,
  secret_id: "aegis/alert-channels/c1",
  created_by: "u1",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  version: 4,
};

describe("requests", () => {
  it("creates with the fields trimmed", () => {
    expect(buildCreate({ name: "  SOC  ", url: " https://hooks.example.com/aegis ", format: "json", enabled: false })).toEqual({
      name: "SOC",
      url: "https://hooks.example.com/aegis",
      format: "json",
      enabled: false,
    });
  });

  it("updates on the version read with only what changed", () => {
    const unchanged = buildUpdate(formFromChannel(channel), channel);
    expect(unchanged).toEqual({ version: 4 });
    expect(changesSomething(unchanged)).toBe(false);
    expect(buildUpdate({ ...formFromChannel(channel), url: "https://hooks.example.com/new", enabled: false }, channel)).toEqual({
      version: 4,
      url: "https://hooks.example.com/new",
      enabled: false,
    });
    // A channel stored before formats existed is JSON.
    const older = { ...channel, format: undefined };
    expect(formFromChannel(older).format).toBe("json");
    expect(buildUpdate({ ...formFromChannel(older), format: "slack" }, older)).toEqual({ version: 4, format: "slack" });
  });
});

describe("channelFieldErrors", () => {
  it("explains a refused URL by its code, under the field the server names", () => {
    const error = new ApiError({
      status: 422,
      detail: "invalid",
      errors: [
        { field: "url", code: "private_address", message: "10.0.0.5 is not a public address" },
        { field: "name", code: "length", message: "1 to 100 characters" },
      ],
    });
    const errors = channelFieldErrors(error);
    expect(errors.url).toMatch(/^10\.0\.0\.5 is not a public address\. Webhooks leave from inside the deployment/);
    expect(errors.name).toBe("1 to 100 characters");
    expect(channelFieldErrors(new ApiError({ status: 422, detail: "x", errors: [{ field: "url", code: "scheme", message: "only https URLs are allowed" }] })).url).toMatch(
      /^Only https URLs are allowed\. .*https:\/\//,
    );
    expect(channelFieldErrors(new Error("offline"))).toEqual({});
  });
});

describe("describeHealth", () => {
  it("says how the last delivery went, failures in a row counted", () => {
    expect(describeHealth(undefined)).toEqual({ tone: "slate", label: "No deliveries yet", failing: false });
    expect(describeHealth({ delivered: 0, failed: 0, consecutive_failures: 0 })).toMatchObject({ label: "No deliveries yet" });
    expect(describeHealth({ delivered: 5, failed: 1, consecutive_failures: 0, last_state: "delivered" })).toMatchObject({ tone: "emerald", label: "Delivering" });
    expect(describeHealth({ delivered: 5, failed: 1, consecutive_failures: 1, last_state: "failed", last_error: "503" })).toEqual({
      tone: "rose",
      label: "Last delivery failed",
      failing: true,
    });
    expect(describeHealth({ delivered: 0, failed: 3, consecutive_failures: 3, last_state: "failed" }).label).toBe("Failing: 3 in a row");
    expect(describeHealth({ delivered: 0, failed: 0, consecutive_failures: 0, last_state: "pending" })).toMatchObject({ tone: "amber", label: "Delivery pending" });
  });
});

describe("describeDelivery", () => {
  it("gives the outcome, the attempts and the receiver's status", () => {
    expect(describeDelivery({ state: "delivered", attempts: 1, status_code: 204 })).toBe("Delivered after 1 attempt (HTTP 204)");
    expect(describeDelivery({ state: "failed", attempts: 4, status_code: 503 })).toBe("Failed after 4 attempts (HTTP 503)");
    expect(describeDelivery({ state: "failed", attempts: 4, status_code: null })).toBe("Failed after 4 attempts");
    expect(describeDelivery({ state: "pending", attempts: 0 })).toBe("Pending");
  });
});

describe("urlHost", () => {
  it("shows the host only (a webhook URL's path is often its credential)", () => {
    expect(urlHost(channel.url)).toBe("hooks.example.com");
    expect(urlHost("not a url")).toBe("not a url");
  });
});
