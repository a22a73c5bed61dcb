// OpenAPI description of the vetting routes (applications, structures, the referee's
// questionnaire), generated from the contract's zod schemas; merged into /openapi.json.
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import {
  ApplicationDraft,
  ApplicationId,
  ApplicationList,
  ApplicationView,
  DeclineForm,
  ErrorResponse,
  InviteMember,
  MyStructure,
  QuestionnaireForm,
} from "../contract/index.ts";
import { signed, signedAsUser } from "./openapi-security.ts";

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const html = (description: string) => ({
  description,
  content: { "text/html": { schema: z.string() } },
});
const ERRORS: Record<number, string> = {
  400: "Unknown query parameter, malformed JSON or user header, or a body where none is taken",
  401: "Missing or invalid signature, or no signed-in user",
  403: "A reviewer (staff, directory moderator) may read but not change an application",
  404: "No application of yours has this id (someone else's answers the same)",
  409: "The action does not fit the application's state (details[0].params: state, action), or the member is already in a team",
  415: "The body is not application/json",
  422: "Some fields are not valid: every problem with its field; nothing was written",
};
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), json(ErrorResponse, ERRORS[status]!)]));
// The team's and reviewers' routes need the acting user (signedAsUser); the questionnaire is
// anonymous (signed: the referee has no forum account).
const idPath = { path: z.object({ id: ApplicationId }) };
const tokenPath = {
  path: z.object({
    token: z.string().meta({ description: "The link's token (43 base64url characters), from the referee's mail" }),
  }),
};
const langQuery = { query: z.object({ lang: z.enum(["fr", "en"]).optional() }) };
/** The questionnaire's refusals: HTML pages for the referee's browser (JSON for a bad signature). */
const pageErrors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      status === 401
        ? json(ErrorResponse, "Missing or invalid signature (only the forum's relay calls these routes)")
        : html(PAGE_ERRORS[status]!),
    ])
  );
const PAGE_ERRORS: Record<number, string> = {
  400: "Unknown query parameter, unknown form field, or a body that is not UTF-8",
  403: "The form's token is missing, altered, for another link or expired",
  404: "Unknown link (the links of a referee whose personal data was erased are removed with it)",
  410: "The questionnaire was answered, declined or has expired",
  415: "The body is not application/x-www-form-urlencoded",
  422: "The form again, each error tied to its field",
  429: "Too many requests for this link or from this address (Retry-After)",
  502: "ProConnect could not be reached",
  503: "ProConnect is not configured",
};
const QUESTIONNAIRE_PAGES =
  "Plain HTML page (no script; strict Content-Security-Policy). 404 unknown link, 410 answered/declined/expired, 403 form token missing or expired, 422 form errors tied to their fields, 429 too many requests (Retry-After). The forum relays /annuaire/reference/<rest> here.";

const operations = {
  createApplication: {
    operationId: "createApplication",
    summary: "Start a structure's application (a signed-in member not yet in a team); the draft may be partial",
    ...signedAsUser,
    requestBody: { required: true, content: { "application/json": { schema: ApplicationDraft } } },
    responses: { "201": json(ApplicationView, "The new draft"), ...errors(400, 401, 409, 415, 422) },
  },
  listApplications: {
    operationId: "listApplications",
    summary: "Every application with the referees' answers (staff and directory moderators)",
    ...signedAsUser,
    responses: { "200": json(ApplicationList, "Most recently changed first"), ...errors(400, 401, 403) },
  },
  getApplication: {
    operationId: "getApplication",
    summary: "One application (its team; reviewers also see the referees' answers)",
    ...signedAsUser,
    requestParams: idPath,
    responses: { "200": json(ApplicationView, "The application"), ...errors(400, 401, 404) },
  },
  saveApplicationDraft: {
    operationId: "saveApplicationDraft",
    summary: "Replace the draft (the team; in draft or changes_requested)",
    ...signedAsUser,
    requestParams: idPath,
    requestBody: { required: true, content: { "application/json": { schema: ApplicationDraft } } },
    responses: { "200": json(ApplicationView, "The saved draft"), ...errors(400, 401, 403, 404, 409, 415, 422) },
  },
  submitApplication: {
    operationId: "submitApplication",
    summary: "Submit (the team): the card complete and at least two valid references; each referee is mailed a link",
    ...signedAsUser,
    requestParams: idPath,
    responses: { "200": json(ApplicationView, "Submitted; references_pending"), ...errors(400, 401, 403, 404, 409, 422) },
  },
  getMyStructure: {
    operationId: "getMyStructure",
    summary: "The signed-in member's structure (state, references' states, what is left to do) and invitations",
    ...signedAsUser,
    responses: { "200": json(MyStructure, "The member's structure, or null"), ...errors(400, 401) },
  },
  inviteTeamMember: {
    operationId: "inviteTeamMember",
    summary: "Invite a forum member, by username, to the structure's team (the team)",
    ...signedAsUser,
    requestParams: idPath,
    requestBody: { required: true, content: { "application/json": { schema: InviteMember } } },
    responses: { "201": json(ApplicationView, "The application with its pending invitations"), ...errors(400, 401, 403, 404, 409, 415, 422) },
  },
  acceptTeamInvitation: {
    operationId: "acceptTeamInvitation",
    summary: "Join the team one was invited to (the invited member)",
    ...signedAsUser,
    requestParams: idPath,
    responses: {
      "200": json(ApplicationView, "The application, now with the member in its team"),
      "404": json(ErrorResponse, "No invitation to this team for this user"),
      ...errors(400, 401, 409),
    },
  },
  showQuestionnaire: {
    operationId: "showQuestionnaire",
    summary: "The referee's questionnaire (the link's token is the only credential)",
    ...signed,
    requestParams: { ...tokenPath, ...langQuery },
    responses: { "200": html(QUESTIONNAIRE_PAGES), ...pageErrors(400, 401, 404, 410, 429) },
  },
  answerQuestionnaire: {
    operationId: "answerQuestionnaire",
    summary: "Record the referee's answer (form post)",
    ...signed,
    requestParams: { ...tokenPath, ...langQuery },
    requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: QuestionnaireForm } } },
    responses: {
      "200": html(`Thank-you page. ${QUESTIONNAIRE_PAGES}`),
      ...pageErrors(400, 401, 403, 404, 410, 415, 422, 429),
    },
  },
  declineQuestionnaire: {
    operationId: "declineQuestionnaire",
    summary: "The referee declines (form post)",
    ...signed,
    requestParams: { ...tokenPath, ...langQuery },
    requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: DeclineForm } } },
    responses: {
      "200": html(`Confirmation page. ${QUESTIONNAIRE_PAGES}`),
      ...pageErrors(400, 401, 403, 404, 410, 415, 422, 429),
    },
  },
  startQuestionnaireProConnect: {
    operationId: "startQuestionnaireProConnect",
    summary: "Start \"Confirmer mon organisation avec ProConnect\" for this reference",
    ...signed,
    requestParams: { ...tokenPath, ...langQuery },
    responses: {
      "200": html(
        "A page that goes on to ProConnect's authorization page (meta refresh, and a link for browsers that do not follow it)"
      ),
      ...pageErrors(400, 401, 404, 410, 429, 502, 503),
    },
  },
  finishQuestionnaireProConnect: {
    operationId: "finishQuestionnaireProConnect",
    summary: "ProConnect's callback: the SIRET is compared with the declared SIREN and recorded",
    ...signed,
    responses: {
      "200": html("Organisation confirmed, or a mismatch recorded"),
      "400": html("Unknown, reused or expired login state"),
      "401": json(ErrorResponse, "Missing or invalid signature"),
      "502": html("ProConnect refused or failed"),
      "503": html("ProConnect is not configured"),
    },
  },
} satisfies Record<string, ZodOpenApiOperationObject>;

export const vettingPaths: ZodOpenApiPathsObject = {
  "/v1/applications": { get: operations.listApplications, post: operations.createApplication },
  "/v1/applications/{id}": { get: operations.getApplication },
  "/v1/applications/{id}/draft": { put: operations.saveApplicationDraft },
  "/v1/applications/{id}/submit": { post: operations.submitApplication },
  "/v1/structures/mine": { get: operations.getMyStructure },
  "/v1/structures/{id}/invitations": { post: operations.inviteTeamMember },
  "/v1/structures/{id}/invitations/accept": { post: operations.acceptTeamInvitation },
  "/v1/references/{token}": { get: operations.showQuestionnaire, post: operations.answerQuestionnaire },
  "/v1/references/{token}/decline": { post: operations.declineQuestionnaire },
  "/v1/references/{token}/proconnect": { get: operations.startQuestionnaireProConnect },
  "/v1/references/proconnect/callback": { get: operations.finishQuestionnaireProConnect },
};

export const vettingSchemas = { ApplicationDraft, MyStructure };
