// Answers of the real directory service, recorded by scripts/record-fixtures.ts, served to
// the plugin under the forum's proxy path (/directory-api) by pretender.
import type {
  ErrorResponse,
  Provider,
  SearchResponse,
  TaxonomiesResponse,
} from "@emancipasso/directory-service/contract";
import pretender, { response } from "discourse/tests/helpers/create-pretender";
import errorNotFound from "../fixtures/error-not-found.json";
import errorUnknownParameter from "../fixtures/error-unknown-parameter.json";
import providerCoopLibreArmor from "../fixtures/provider-coop-libre-armor.json";
import providerHorizonCommun from "../fixtures/provider-horizon-commun-scic.json";
import searchDefault from "../fixtures/search-default.json";
import searchEmpty from "../fixtures/search-empty.json";
import searchFiltered from "../fixtures/search-filtered.json";
import searchPage2 from "../fixtures/search-page-2.json";
import searchPickerCoop from "../fixtures/search-picker-coop.json";
import searchPickerLibre from "../fixtures/search-picker-libre.json";
import searchPickerNone from "../fixtures/search-picker-none.json";
import searchSupport from "../fixtures/search-support.json";
import searchText from "../fixtures/search-text.json";
import taxonomies from "../fixtures/taxonomies.json";

interface Recorded<T> {
  request: { method: string; path: string };
  status: number;
  body: T;
}

function recorded<T>(fixture: unknown): Recorded<T> {
  return fixture as Recorded<T>;
}

export const fixtures = {
  taxonomies: recorded<TaxonomiesResponse>(taxonomies),
  searchDefault: recorded<SearchResponse>(searchDefault),
  searchPage2: recorded<SearchResponse>(searchPage2),
  searchSupport: recorded<SearchResponse>(searchSupport),
  searchFiltered: recorded<SearchResponse>(searchFiltered),
  searchText: recorded<SearchResponse>(searchText),
  searchEmpty: recorded<SearchResponse>(searchEmpty),
  searchPickerCoop: recorded<SearchResponse>(searchPickerCoop),
  searchPickerLibre: recorded<SearchResponse>(searchPickerLibre),
  searchPickerNone: recorded<SearchResponse>(searchPickerNone),
  providerCoopLibreArmor: recorded<Provider>(providerCoopLibreArmor),
  providerHorizonCommun: recorded<Provider>(providerHorizonCommun),
  errorNotFound: recorded<ErrorResponse>(errorNotFound),
  errorUnknownParameter: recorded<ErrorResponse>(errorUnknownParameter),
};

/** A copy, so a test may change it freely. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const PROVIDERS: Record<string, Recorded<Provider>> = {
  "coop-libre-armor": fixtures.providerCoopLibreArmor,
  "horizon-commun-scic": fixtures.providerHorizonCommun,
};

/** The recorded search whose service query matches the one asked (same parameters). */
function searchFor(query: string): Recorded<SearchResponse | ErrorResponse> {
  const asked = new URLSearchParams(query);
  asked.sort();
  const candidates: Recorded<SearchResponse | ErrorResponse>[] = [
    fixtures.searchDefault,
    fixtures.searchPage2,
    fixtures.searchSupport,
    fixtures.searchFiltered,
    fixtures.searchText,
    fixtures.searchEmpty,
    fixtures.searchPickerCoop,
    fixtures.searchPickerLibre,
    fixtures.searchPickerNone,
    fixtures.errorUnknownParameter,
  ];
  for (const candidate of candidates) {
    const recordedQuery = new URLSearchParams(
      candidate.request.path.split("?")[1] ?? ""
    );
    recordedQuery.sort();
    if (recordedQuery.toString() === asked.toString()) {
      return candidate;
    }
  }
  throw new Error(`no recorded search for "${query}"`);
}

export interface DirectoryRequests {
  /** The query string of each search, in order. */
  searches: string[];
  providers: string[];
  /** How many times the taxonomies were asked for. */
  taxonomies: number;
}

type PretenderAnswer = [number, Record<string, string>, string];

/** Discourse's `response` helper, with the tuple type pretender's handlers expect. */
export function answer(status: number, body: unknown): PretenderAnswer {
  return response(status, body) as PretenderAnswer;
}

/**
 * Discourse's own refusals, as app/controllers/application_controller.rb renders them for an
 * XHR (render_json_error → lib/json_error.rb: `{ errors: [message], error_type, extras }`),
 * with the headers it sets.
 */
export const discourseErrors = {
  /** Discourse::NotLoggedIn on a login-required forum (rescue_discourse_actions). */
  notLoggedIn: (): PretenderAnswer => [
    403,
    { "Content-Type": "application/json; charset=utf-8" },
    JSON.stringify({
      errors: ["You need to be logged in to do that."],
      error_type: "not_logged_in",
    }),
  ],
  /** Discourse::InvalidAccess (e.g. the Guardian refuses). */
  invalidAccess: (): PretenderAnswer => [
    403,
    { "Content-Type": "application/json; charset=utf-8" },
    JSON.stringify({
      errors: ["You are not permitted to view the requested resource."],
      error_type: "invalid_access",
    }),
  ],
  /** requires_plugin with the plugin disabled: PluginDisabled → not_found. */
  pluginDisabled: (): PretenderAnswer => [
    404,
    { "Content-Type": "application/json; charset=utf-8" },
    JSON.stringify({
      errors: ["The requested URL or resource could not be found."],
      error_type: "not_found",
    }),
  ],
  /** RateLimiter::LimitExceeded: extras.wait_seconds and Retry-After. */
  rateLimited: (seconds: number): PretenderAnswer => [
    429,
    {
      "Content-Type": "application/json; charset=utf-8",
      "Retry-After": String(seconds),
    },
    JSON.stringify({
      errors: [
        `You've performed this action too many times. Please wait ${seconds} seconds before trying again.`,
      ],
      error_type: "rate_limit",
      extras: { wait_seconds: seconds, time_left: `${seconds} seconds` },
    }),
  ],
  /** The global per-IP limiter (lib/middleware/request_tracker.rb): plain text, Retry-After. */
  globalRateLimited: (seconds: number): PretenderAnswer => [
    429,
    {
      "Content-Type": "text/plain",
      "Retry-After": String(seconds),
      "Discourse-Rate-Limit-Error-Code": "ip_10_secs_limit",
    },
    `Slow down, you're making too many requests.\nPlease retry again in ${seconds} seconds.\nError code: ip_10_secs_limit.\n`,
  ],
};

function requestQuery(request: object): string {
  const url = (request as { url?: string }).url ?? "";
  return url.split("?")[1] ?? "";
}

/** Serves the recorded answers; returns the requests seen, for assertions. */
export function pretendDirectory(): DirectoryRequests {
  const seen: DirectoryRequests = {
    searches: [],
    providers: [],
    taxonomies: 0,
  };
  pretender.get("/directory-api/v1/taxonomies", () => {
    seen.taxonomies++;
    return answer(200, fixtures.taxonomies.body);
  });
  pretender.get("/directory-api/v1/providers", (request) => {
    const query = requestQuery(request);
    seen.searches.push(query);
    const found = searchFor(query);
    return answer(found.status, found.body);
  });
  pretender.get("/directory-api/v1/providers/:slug", (request) => {
    const slug = String(request.params["slug"] ?? "");
    seen.providers.push(slug);
    const found = PROVIDERS[slug] ?? fixtures.errorNotFound;
    return answer(found.status, found.body);
  });
  return seen;
}
