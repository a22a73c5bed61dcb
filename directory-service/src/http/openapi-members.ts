// OpenAPI description of the forum's provider-member routes (the vetting chip and the
// "Contacter" private message), generated from the contract's zod schemas; merged into
// /openapi.json.
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import {
  ErrorResponse,
  ProviderMembersQuery,
  ProviderMembersResponse,
  ProviderTeam,
  Slug,
} from "../contract/index.ts";
import { signed, signedAsUser } from "./openapi-security.ts";

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const ERRORS: Record<number, string> = {
  400: "user_ids missing, empty, not positive integers, repeated or more than 100; an unknown query parameter",
  401: "Missing or invalid signature (and, for the team, no signed-in user)",
  404: "No listed provider has this slug",
};
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), json(ErrorResponse, ERRORS[status]!)]));

const operations = {
  listProvidersByMembers: {
    operationId: "listProvidersByMembers",
    summary: "Which of these forum users speak for a listed provider (the vetting chip)",
    description:
      "For each user id that belongs to the team of a listed provider, the provider's slug and name. Users of no team, of a team not (or no longer) listed, are left out. One call per page of posts.",
    ...signed,
    requestParams: { query: ProviderMembersQuery },
    responses: { "200": json(ProviderMembersResponse, "The members of listed providers among the ids"), ...errors(400, 401) },
  },
  getProviderTeam: {
    operationId: "getProviderTeam",
    summary: "A listed provider's team as forum usernames (signed-in users)",
    description:
      "The recipients of a private message to the provider, owner first. Empty for a provider imported without a team. Anonymous visitors get 401.",
    ...signedAsUser,
    requestParams: { path: z.object({ slug: Slug }) },
    responses: { "200": json(ProviderTeam, "The team's usernames"), ...errors(400, 401, 404) },
  },
} satisfies Record<string, ZodOpenApiOperationObject>;

export const memberPaths: ZodOpenApiPathsObject = {
  "/v1/providers/by-members": { get: operations.listProvidersByMembers },
  "/v1/providers/{slug}/team": { get: operations.getProviderTeam },
};

export const memberSchemas = { ProviderMembersResponse, ProviderTeam };
