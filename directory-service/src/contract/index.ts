// The API contract between the directory service and the Discourse plugin.
// These zod schemas validate every request and response of the service, generate
// /openapi.json, and give the plugin its types (type-only imports). Never redeclare
// them elsewhere.
export * from "./common.ts";
export * from "./providers.ts";
export * from "./acting-user.ts";
export * from "./errors.ts";
export * from "./health.ts";
export * from "./vetting.ts";
export * from "./review.ts";
export * from "./cofunding.ts";
export * from "./members.ts";
