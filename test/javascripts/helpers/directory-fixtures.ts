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
}

type PretenderAnswer = [number, Record<string, string>, string];

/** Discourse's `response` helper, with the tuple type pretender's handlers expect. */
export function answer(status: number, body: unknown): PretenderAnswer {
  return response(status, body) as PretenderAnswer;
}

function requestQuery(request: object): string {
  const url = (request as { url?: string }).url ?? "";
  return url.split("?")[1] ?? "";
}

/** Serves the recorded answers; returns the requests seen, for assertions. */
export function pretendDirectory(): DirectoryRequests {
  const seen: DirectoryRequests = { searches: [], providers: [] };
  pretender.get("/directory-api/v1/taxonomies", () =>
    answer(200, fixtures.taxonomies.body)
  );
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
