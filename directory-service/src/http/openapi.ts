// OpenAPI 3.1 description of the service, generated from the contract's zod schemas.
// Kept clean under Redocly's recommended rules (directory-service/redocly.yaml; `make lint`
// and test/health-openapi.test.ts run them), so code generators accept it.
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject } from "zod-openapi";
import {
  ErrorResponse,
  ExportFormat,
  Health,
  IMPORT_MAX_RECORDS,
  ImportJob,
  ImportResponse,
  Provider,
  ProviderImportRecord,
  SearchQuery,
  SearchResponse,
  Slug,
  TaxonomiesResponse,
} from "../contract/index.ts";
import { vettingPaths, vettingSchemas } from "./openapi-vetting.ts";
import { reviewPaths, reviewSchemas } from "./openapi-review.ts";
import { memberPaths, memberSchemas } from "./openapi-members.ts";
import { cofundingPaths } from "./openapi-cofunding.ts";
import {
  SECURITY_SCHEMES,
  signed,
  signedAsUser,
  unsigned,
} from "./openapi-security.ts";

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Bad request: unknown or invalid parameter, malformed body or user header",
  401: "Missing or invalid request signature, or sign-in required",
  403: "The acting user may not do this",
  404: "Not found (or not public)",
  413: "Body too large",
  409: "Another import is running",
  415: "Unsupported content type",
  422: "Import refused: every problem with its row and field; nothing was written",
  431: "Request headers too large",
};
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      json(ErrorResponse, ERROR_DESCRIPTIONS[status]!),
    ])
  );

const operations = {
  searchProviders: {
    operationId: "searchProviders",
    summary:
      "Search listed providers (text, filters, disjunctive facet counts)",
    ...signed,
    requestParams: { query: SearchQuery },
    responses: {
      "200": json(SearchResponse, "One page of results with facet counts"),
      ...errors(400, 401, 431),
    },
  },
  getProvider: {
    operationId: "getProvider",
    summary: "Full card of a listed provider",
    ...signed,
    requestParams: { path: z.object({ slug: Slug }) },
    responses: {
      "200": json(Provider, "The provider record"),
      ...errors(400, 401, 404, 431),
    },
  },
  listTaxonomies: {
    operationId: "listTaxonomies",
    summary: "Taxonomies with French and English labels",
    ...signed,
    responses: {
      "200": json(TaxonomiesResponse, "Every taxonomy"),
      ...errors(400, 401, 431),
    },
  },
  importProviders: {
    operationId: "importProviders",
    summary:
      "Create or update providers from a JSON array or a CSV file (admins; all or nothing)",
    ...signedAsUser,
    requestBody: {
      required: true,
      content: {
        "application/json": { schema: z.array(ProviderImportRecord) },
        "text/csv": {
          schema: z.string().meta({
            description:
              "Header row then one provider per row, ';' or ',' separated. List columns hold items separated by ';'; example_projects and vetting_tags hold a JSON array.",
          }),
        },
      },
    },
    description: `At most ${IMPORT_MAX_RECORDS} records; lists and texts no longer than the record schema allows. An import still running after a few seconds (below the forum relay's timeout) answers 202: its outcome is then read from the Location given.`,
    responses: {
      "200": json(
        ImportResponse,
        "How many providers were created and updated"
      ),
      "202": json(
        ImportJob,
        "Still running: read the outcome at the Location header"
      ),
      ...errors(400, 401, 403, 409, 413, 415, 422, 431),
    },
  },
  getImport: {
    operationId: "getImport",
    summary: "State and outcome of an import that answered 202 (admins)",
    description:
      "An import that took longer than the relay allows answers 202 with its id; this gives its state, then its counts or the errors it was refused with (nothing written).",
    ...signedAsUser,
    requestParams: { path: z.object({ id: z.string() }) },
    responses: {
      "200": json(
        ImportJob,
        "Running, or its counts, or the errors it was refused with"
      ),
      ...errors(400, 401, 403, 404, 431),
    },
  },
  exportProviders: {
    operationId: "exportProviders",
    summary: "Every provider, whatever its status (admins), as JSON or CSV",
    ...signedAsUser,
    requestParams: { query: ExportFormat },
    responses: {
      "200": {
        description:
          "The providers; importing this unchanged gives the same records back",
        content: {
          "application/json": { schema: z.array(Provider) },
          "text/csv": {
            schema: z.string().meta({
              description:
                "UTF-8 with BOM, ';' separated, same columns as the import",
            }),
          },
        },
      },
      ...errors(400, 401, 403, 431),
    },
  },
  getHealth: {
    operationId: "getHealth",
    summary: "Liveness and schema version (unsigned)",
    ...unsigned,
    responses: {
      "200": json(Health, "The service and its database work"),
      ...errors(431),
      "503": json(Health, "The database is unusable"),
    },
  },
  getOpenApi: {
    operationId: "getOpenApi",
    summary: "This document (unsigned)",
    ...unsigned,
    responses: {
      "200": json(z.record(z.string(), z.unknown()), "OpenAPI 3.1 document"),
      ...errors(431),
    },
  },
} satisfies Record<string, ZodOpenApiOperationObject>;

export function openApiDocument(version: string) {
  const document = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Emancip'Asso directory service",
      version,
      description:
        "Provider directory behind the Emancip'Asso Discourse plugin. Every /v1 route must be signed: see components.securitySchemes.",
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: "/" }],
    components: {
      schemas: {
        Provider,
        ProviderImportRecord,
        SearchResponse,
        TaxonomiesResponse,
        ImportResponse,
        ErrorResponse,
        Health,
        ...vettingSchemas,
        ...reviewSchemas,
        ...memberSchemas,
      },
      securitySchemes: SECURITY_SCHEMES,
    },
    paths: {
      "/v1/providers": { get: operations.searchProviders },
      "/v1/providers/{slug}": { get: operations.getProvider },
      "/v1/taxonomies": { get: operations.listTaxonomies },
      "/v1/admin/providers/import": { post: operations.importProviders },
      "/v1/admin/providers/imports/{id}": { get: operations.getImport },
      "/v1/admin/providers/export": { get: operations.exportProviders },
      "/healthz": { get: operations.getHealth },
      "/openapi.json": { get: operations.getOpenApi },
      ...vettingPaths,
      ...reviewPaths,
      ...memberPaths,
      ...cofundingPaths,
    },
  });
  explicitEnumKeys(document);
  return document;
}

type JsonObject = { [key: string]: unknown };
const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A zod record keyed by an enum (every key required) comes out as propertyNames + an
 * additionalProperties schema + required names that no `properties` define, which code
 * generators reject. Rewritten in place as the equivalent object: one property per enum
 * value, the same required list, no other key.
 */
export function explicitEnumKeys(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) explicitEnumKeys(item);
    return;
  }
  if (!isObject(node)) return;
  for (const value of Object.values(node)) explicitEnumKeys(value);
  const names = isObject(node.propertyNames)
    ? node.propertyNames.enum
    : undefined;
  if (
    Array.isArray(names) &&
    names.every((name) => typeof name === "string") &&
    isObject(node.additionalProperties) &&
    node.properties === undefined
  ) {
    const valueSchema = node.additionalProperties;
    node.properties = Object.fromEntries(
      names.map((name) => [name, valueSchema])
    );
    node.additionalProperties = false;
    delete node.propertyNames;
  }
}
