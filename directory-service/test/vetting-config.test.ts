// Vetting's settings from the environment: defaults, and refusals at start.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

const base = { NODE_ENV: "development" };

describe("vetting configuration", () => {
  it("defaults: 21-day links, reminders at 7 and 14 days, the preview's address, referees' data kept 90 days", () => {
    expect(loadConfig(base).vetting).toEqual({
      forumBaseUrl: "http://localhost:4200",
      forumBaseUrlSet: false,
      referenceLifetimeDays: 21,
      reminderDays: [7, 14],
      sweepIntervalMs: 15 * 60_000,
      refereeRetentionDays: 90,
    });
  });

  it("reads the referees' data retention period, 0 (erased at the next sweep) included", () => {
    expect(loadConfig({ ...base, DIRECTORY_REFEREE_RETENTION_DAYS: "365" }).vetting.refereeRetentionDays).toBe(365);
    expect(loadConfig({ ...base, DIRECTORY_REFEREE_RETENTION_DAYS: "0" }).vetting.refereeRetentionDays).toBe(0);
  });

  it("reads the forum address, the lifetime and the reminder days", () => {
    const config = loadConfig({
      ...base,
      DIRECTORY_FORUM_URL: "https://emancipasso.org",
      DIRECTORY_REFERENCE_DAYS: "30",
      DIRECTORY_REMINDER_DAYS: "20, 10",
      DIRECTORY_SWEEP_INTERVAL_MS: "60000",
    }).vetting;
    expect(config).toMatchObject({
      forumBaseUrl: "https://emancipasso.org",
      forumBaseUrlSet: true,
      referenceLifetimeDays: 30,
      reminderDays: [10, 20],
      sweepIntervalMs: 60_000,
    });
    expect(loadConfig({ ...base, DIRECTORY_REMINDER_DAYS: "" }).vetting.reminderDays).toEqual([]);
  });

  it.each([
    ["DIRECTORY_FORUM_URL", "ftp://forum.example.org"],
    ["DIRECTORY_FORUM_URL", "not a url"],
    ["DIRECTORY_REFERENCE_DAYS", "0"],
    ["DIRECTORY_REFERENCE_DAYS", "many"],
    ["DIRECTORY_REMINDER_DAYS", "7;14"],
    ["DIRECTORY_REMINDER_DAYS", "0"],
    ["DIRECTORY_REMINDER_DAYS", "21"],
    ["DIRECTORY_SWEEP_INTERVAL_MS", "5"],
    ["DIRECTORY_REFEREE_RETENTION_DAYS", "-1"],
    ["DIRECTORY_REFEREE_RETENTION_DAYS", "3651"],
    ["DIRECTORY_REFEREE_RETENTION_DAYS", "trois mois"],
  ])("refuses %s=%s", (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
  });
});
