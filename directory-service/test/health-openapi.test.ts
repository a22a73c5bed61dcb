// Unsigned routes: /healthz and /openapi.json, and the document as Redocly's recommended
// rules see it (the same check as `make lint`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
      error: {
        code: "internal_error",
        message: expect.any(String),
        details: [],
      },
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
      paths: Record<
        string,
        Record<string, { operationId: string; security?: unknown[] }>
      >;
      components: {
        schemas: Record<string, unknown>;
        securitySchemes: Record<string, unknown>;
      };
    }>("/openapi.json", { unsigned: true });
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\.1\./);
    const operations = Object.entries(body.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, operation]) =>
          `${method.toUpperCase()} ${path} ${operation.operationId}`
      )
    );
    expect(operations.sort()).toEqual(
      [
        "GET /v1/providers searchProviders",
        "GET /v1/providers/{slug} getProvider",
        "GET /v1/taxonomies listTaxonomies",
        // Forum members (src/http/openapi-members.ts)
        "GET /v1/providers/by-members listProvidersByMembers",
        "GET /v1/providers/{slug}/team getProviderTeam",
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
        "POST /v1/cofunding/campaigns createCampaign",
        "GET /v1/cofunding/campaigns/{topic_id} getCampaign",
        "PATCH /v1/cofunding/campaigns/{topic_id} updateCampaign",
        "POST /v1/cofunding/campaigns/{topic_id}/transitions transitionCampaign",
        "PUT /v1/cofunding/campaigns/{topic_id}/visibility setCampaignVisibility",
        "PUT /v1/cofunding/campaigns/{topic_id}/pledges/mine putMyPledge",
        "DELETE /v1/cofunding/campaigns/{topic_id}/pledges/mine withdrawMyPledge",
        "POST /v1/cofunding/campaigns/{topic_id}/quotes submitQuote",
        "POST /v1/cofunding/campaigns/{topic_id}/quotes/{quote_id}/choose chooseQuote",
        "GET /v1/cofunding/campaigns/{topic_id}/split-plan getSplitPlan",
        "GET /v1/cofunding/campaigns/{topic_id}/audit getCampaignAudit",
        "GET /v1/cofunding/pledges/mine listMyPledges",
      ].sort()
    );
    const SIGNED = [
      "directoryNonce",
      "directorySignature",
      "directoryTimestamp",
    ];
    for (const [path, methods] of Object.entries(body.paths)) {
      for (const operation of Object.values(methods)) {
        // Every operation says how it is secured: the signature headers on /v1, nothing else.
        const requirements = (
          operation.security as Record<string, string[]>[]
        ).map((r) => Object.keys(r).sort());
        if (!path.startsWith("/v1/")) expect(requirements, path).toEqual([]);
        else if (path.startsWith("/v1/admin/"))
          expect(requirements, path).toEqual([
            [...SIGNED, "directoryUser"].sort(),
          ]);
        else if (requirements.length === 1)
          // An operation that needs a signed-in member.
          expect(requirements, path).toEqual([
            [...SIGNED, "directoryUser"].sort(),
          ]);
        else
          expect(requirements, path).toEqual([
            SIGNED,
            [...SIGNED, "directoryUser"].sort(),
          ]);
      }
    }
    for (const [name, scheme] of Object.entries(
      body.components.securitySchemes
    )) {
      expect(scheme, name).toMatchObject({ type: "apiKey", in: "header" });
    }
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining(["Provider", "SearchResponse", "ErrorResponse"])
    );
    expect(body.components.securitySchemes).toHaveProperty(
      "directorySignature"
    );
    const searchParams = (
      body.paths["/v1/providers"]!.get as unknown as {
        parameters: { name: string }[];
      }
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

/** Runs the Redocly CLI with directory-service/redocly.yaml on a document; its JSON report. */
function redoclyLint(document: unknown) {
  const dir = mkdtempSync(join(tmpdir(), "directory-openapi-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(document));
    const result = spawnSync(
      join(SERVICE_DIR, "node_modules/.bin/redocly"),
      [
        "lint",
        file,
        "--config",
        join(SERVICE_DIR, "redocly.yaml"),
        "--format",
        "json",
      ],
      {
        cwd: dir,
        encoding: "utf8",
        timeout: 60_000,
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: "off",
          REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        },
      }
    );
    const report = JSON.parse(result.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; severity: string; message: string }[];
    };
    return { status: result.status, ...report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SERVICE_DIR = new URL("..", import.meta.url).pathname;

describe("OpenAPI document under Redocly's recommended rules", () => {
  let service: TestService;
  let served: Record<string, unknown>;
  beforeAll(async () => {
    service = await startTestService();
    served = (
      await service.json<Record<string, unknown>>("/openapi.json", {
        unsigned: true,
      })
    ).body;
  });
  afterAll(() => service.close());

  it("passes with no error and no warning, as served", () => {
    const report = redoclyLint(served);
    expect(
      report.problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)
    ).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(report.status).toBe(0);
  });

  it("writes enum-keyed records as objects whose required names are all properties", () => {
    const schemas = (served.components as { schemas: Record<string, unknown> })
      .schemas;
    const taxonomies = schemas.TaxonomiesResponse as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: unknown;
      propertyNames?: unknown;
    };
    expect(Object.keys(taxonomies.properties).sort()).toEqual(
      [...taxonomies.required].sort()
    );
    expect(taxonomies.required).toContain("regions");
    expect(taxonomies.additionalProperties).toBe(false);
    expect(taxonomies.propertyNames).toBeUndefined();
    // No enum-keyed record is left anywhere (string-keyed ones are fine).
    expect(/"propertyNames":\{[^}]*"enum"/.test(JSON.stringify(served))).toBe(
      false
    );
  });

  it("is the check that finds a missing security declaration and an undefined required name", () => {
    const broken = structuredClone(served) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    delete broken.paths["/healthz"]!.get!.security;
    broken.components.schemas.Health!.required = ["status", "uptime"];
    const report = redoclyLint(broken);
    expect(report.problems.map((p) => p.ruleId).sort()).toEqual([
      "no-required-schema-properties-undefined",
      "security-defined",
    ]);
    expect(report.status).not.toBe(0);
  });
});

describe("the route list behind 405, OPTIONS and the request log", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close().catch(() => undefined));

  // Every operation the document publishes must be known to the app's route list, or a
  // wrong method on it would answer 404 and its log lines would carry no route name.
  it("knows every method and path of the OpenAPI document", async () => {
    const document = (await service.json("/openapi.json", { unsigned: true }))
      .body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      const concrete = path.replace(/\{[^}]+\}/g, "x1");
      const response = await service.request(concrete, {
        method: "OPTIONS",
        unsigned: true,
      });
      const allowed = (response.headers.get("allow") ?? "").split(/,\s*/);
      for (const method of Object.keys(operations).map((m) =>
        m.toUpperCase()
      )) {
        if (response.status !== 204 || !allowed.includes(method))
          missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
