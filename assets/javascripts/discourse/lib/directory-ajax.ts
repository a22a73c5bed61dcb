// The one way the plugin talks to the directory service: Discourse's ajax to the forum's
// signed relay (/directory-api), every failure turned into a DirectoryError.
//
// Discourse's ajax (app/assets/javascripts/discourse/app/lib/ajax.js in discourse/discourse)
// ignores by default a request that got no answer at all (network failure, dropped
// connection): it would neither resolve nor reject and the page would wait forever. Core
// passes ignoreUnsent: false where a failure must show (models/draft.js, chat's
// ChatApi.sendMessage); so does the plugin. Bodies are JSON, sent as core sends JSON
// (`data: JSON.stringify(...)`, `contentType: "application/json"`).
import { ajax } from "discourse/lib/ajax";
import { toDirectoryError } from "./directory-error";

export const API_ROOT = "/directory-api/v1";

export type DirectoryMethod = "GET" | "POST" | "PUT";

export async function directoryRequest(
  url: string,
  method: DirectoryMethod = "GET",
  body?: unknown
): Promise<unknown> {
  const options: Record<string, unknown> = {
    type: method,
    ignoreUnsent: false,
  };
  if (body !== undefined) {
    options["data"] = JSON.stringify(body);
    options["contentType"] = "application/json";
  }
  try {
    const answer: unknown = await ajax(url, options);
    return answer;
  } catch (rejection) {
    throw toDirectoryError(rejection);
  }
}
