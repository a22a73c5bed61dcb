// The review's settings: from the environment (with their defaults and bounds) to the
// service (a tag's validity, the fast-answer threshold).
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import { DIRECTORY_MODERATOR } from "./helpers/vetting.ts";
import { actNow, applicationInReview, getReview } from "./helpers/review.ts";

const base = { NODE_ENV: "development" };

describe("review settings from the environment", () => {
  it("default to 24 months, 30 days' notice and 120 seconds", () => {
    expect(loadConfig(base).review).toEqual({ validityMonths: 24, expiryNoticeDays: 30, fastAnswerSeconds: 120 });
  });

  it("are read, and refused out of bounds", () => {
    expect(
      loadConfig({ ...base, DIRECTORY_TAG_VALIDITY_MONTHS: "12", DIRECTORY_TAG_NOTICE_DAYS: "15", DIRECTORY_FAST_ANSWER_SECONDS: "30" }).review
    ).toEqual({ validityMonths: 12, expiryNoticeDays: 15, fastAnswerSeconds: 30 });
    expect(() => loadConfig({ ...base, DIRECTORY_TAG_VALIDITY_MONTHS: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, DIRECTORY_FAST_ANSWER_SECONDS: "soon" })).toThrow(ConfigError);
  });
});

describe("review settings in the service", () => {
  let service: TestService;
  afterEach(() => service.close());

  it("a tag lasts the configured months; an answer within the configured seconds is flagged", async () => {
    service = await startTestService({ review: { validityMonths: 6, fastAnswerSeconds: 3600 } });
    const id = await applicationInReview(service);
    const review = await getReview(service, id, DIRECTORY_MODERATOR);
    // Answered ten minutes after the invitation: fast under a one-hour threshold.
    expect(review.red_flags.map((flag) => flag.code)).toEqual(["answered_too_fast", "answered_too_fast"]);
    for (const ref of review.references)
      await actNow(service, id, DIRECTORY_MODERATOR, { action: "accept_reference", reference_id: ref.id });
    const accepted = await getReview(service, id, DIRECTORY_MODERATOR);
    const tag = accepted.tags[0]!;
    const months = (Date.parse(tag.expires_at!) - Date.parse(tag.verified_at)) / (24 * 3600 * 1000);
    expect(months).toBeGreaterThanOrEqual(181);
    expect(months).toBeLessThanOrEqual(184);
  });
});
