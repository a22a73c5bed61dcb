// Unsigned routes: /healthz and /openapi.json.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Health } from "../src/contract/index.ts";
import { CURRENT_SCHEMA_VERSION } from "../src/store/migrations.ts";
import { SERVICE_VERSION } from "../src/version.ts";
import { startTestService, type TestService } from "./helpers/service.ts";

describe("GET /healthz", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close().catch(() => undefined));

  it("answers 200 with the version and schema version", async () => {
    const { status, body } = await service.json("/healthz", { unsigned: true });
    expect(status).toBe(200);
    expect(Health.parse(body)).toEqual({
      status: "ok",
      version: SERVICE_VERSION,
      schema_version: CURRENT_SCHEMA_VERSION,
    });
  });

  it("answers 503 when the database is unusable", async () => {
    service.db.close();
    const { status, body } = await service.json("/healthz", { unsigned: true });
    expect(status).toBe(503);
    expect(Health.parse(body)).toEqual({
      status: "unavailable",
      version: SERVICE_VERSION,
      schema_version: null,
    });
  });

  it("answers 500 in the error shape, not a crash, when a route meets the closed database", async () => {
    const { status, body } = await service.json("/v1/providers");
    expect(status).toBe(500);
    expect(body).toEqual({
      error: { code: "internal_error", message: expect.any(String), details: [] },
    });
  });
});

describe("GET /openapi.json", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it("is an OpenAPI 3.1 document with every route and its operationId", async () => {
    const { status, body } = await service.json<{
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; security?: unknown[] }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    }>("/openapi.json", { unsigned: true });
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\.1\./);
    const operations = Object.entries(body.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`
      )
    );
    expect(operations.sort()).toEqual(
      [
        "GET /v1/providers searchProviders",
        "GET /v1/providers/{slug} getProvider",
        "GET /v1/taxonomies listTaxonomies",
        "POST /v1/admin/providers/import importProviders",
        "GET /v1/admin/providers/export exportProviders",
        "GET /v1/admin/providers/imports/{id} getImport",
        "GET /healthz getHealth",
        "GET /openapi.json getOpenApi",
        // Vetting (src/http/openapi-vetting.ts)
        "POST /v1/applications createApplication",
        "GET /v1/applications listApplications",
        "GET /v1/applications/{id} getApplication",
        "PUT /v1/applications/{id}/draft saveApplicationDraft",
        "POST /v1/applications/{id}/submit submitApplication",
        "GET /v1/structures/mine getMyStructure",
        "POST /v1/structures/{id}/invitations inviteTeamMember",
        "POST /v1/structures/{id}/invitations/accept acceptTeamInvitation",
        "GET /v1/references/{token} showQuestionnaire",
        "POST /v1/references/{token} answerQuestionnaire",
        "POST /v1/references/{token}/decline declineQuestionnaire",
        "GET /v1/references/{token}/proconnect startQuestionnaireProConnect",
        "GET /v1/references/proconnect/callback finishQuestionnaireProConnect",
        // Review (src/http/openapi-review.ts)
        "GET /v1/review/pending-count getReviewPendingCount",
        "GET /v1/review/queue listReviewQueue",
        "GET /v1/review/applications/{id} getApplicationReview",
        "POST /v1/review/applications/{id}/actions actOnApplication",
        "POST /v1/applications/{id}/reverification requestReverification",
      ].sort()
    );
    for (const [path, methods] of Object.entries(body.paths)) {
      for (const operation of Object.values(methods)) {
        expect(operation.security !== undefined, path).toBe(path.startsWith("/v1/"));
      }
    }
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining(["Provider", "SearchResponse", "ErrorResponse"])
    );
    expect(body.components.securitySchemes).toHaveProperty("directorySignature");
    const searchParams = (
      body.paths["/v1/providers"]!.get as unknown as { parameters: { name: string }[] }
    ).parameters.map((p) => p.name);
    expect(searchParams.sort()).toEqual([
      "department",
      "modality",
      "page",
      "per_page",
      "price",
      "q",
      "region",
      "size",
      "support",
      "tag",
      "tool",
    ]);
  });
});
