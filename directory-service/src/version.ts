import pkg from "../package.json" with { type: "json" };

/** The service's version, as published by /healthz and /openapi.json. */
export const SERVICE_VERSION: string = pkg.version;
