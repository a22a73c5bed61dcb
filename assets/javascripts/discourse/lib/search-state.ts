// The directory search as a plain value, and its two encodings: the forum URL's query
// params (shareable, back-button friendly) and the service's query string.
import type { FacetName } from "@emancipasso/directory-service/contract";

/**
 * The facets, in the order the page shows them: the plugin's one list of them. `satisfies`
 * fails the type check when the contract's FacetName gains or loses a facet.
 */
const FACETS = {
  support: true,
  size: true,
  modality: true,
  region: true,
  department: true,
  tool: true,
  price: true,
  tag: true,
} as const satisfies Record<FacetName, true>;

export const FACET_NAMES = Object.keys(FACETS) as readonly FacetName[];

export type Filters = Record<FacetName, string[]>;

export interface SearchState {
  q: string;
  filters: Filters;
  page: number;
}

/** What the forum URL holds: one comma-separated string per facet (empty = unset). */
export type UrlQueryParams = Record<FacetName | "q", string> & { page: number };

export const PER_PAGE = 20;

export function emptyFilters(): Filters {
  return Object.fromEntries(
    FACET_NAMES.map((name) => [name, [] as string[]])
  ) as Filters;
}

export function emptySearch(): SearchState {
  return { q: "", filters: emptyFilters(), page: 1 };
}

function splitList(value: string): string[] {
  const parts = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return [...new Set(parts)];
}

/** Reads the URL's query params; anything malformed falls back to "unset". */
export function stateFromUrl(params: Partial<UrlQueryParams>): SearchState {
  const filters = emptyFilters();
  for (const name of FACET_NAMES) {
    const raw = params[name];
    filters[name] = typeof raw === "string" ? splitList(raw) : [];
  }
  const page = Number(params.page);
  return {
    q: typeof params.q === "string" ? params.q.trim() : "",
    filters,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function urlFromState(state: SearchState): UrlQueryParams {
  const facets = Object.fromEntries(
    FACET_NAMES.map((name) => [name, state.filters[name].join(",")])
  ) as Record<FacetName, string>;
  return { q: state.q, ...facets, page: state.page };
}

/** The URL's query param names: the words, every facet, the page. */
export const URL_PARAM_NAMES = [
  "q",
  ...FACET_NAMES,
  "page",
] as const satisfies readonly (keyof UrlQueryParams)[];

/** The service's query string: repeated keys for facets, as its contract reads them. */
export function serviceQueryString(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) {
    params.append("q", state.q);
  }
  for (const name of FACET_NAMES) {
    for (const value of state.filters[name]) {
      params.append(name, value);
    }
  }
  if (state.page > 1) {
    params.append("page", String(state.page));
  }
  params.append("per_page", String(PER_PAGE));
  return params.toString();
}

/** A stable key of the search, to know when results must be fetched again. */
export function searchKey(state: SearchState): string {
  return serviceQueryString(state);
}

/** Ticks or unticks one facet value; a new filter always starts again at page 1. */
export function toggleFilter(
  state: SearchState,
  name: FacetName,
  value: string
): SearchState {
  const current = state.filters[name];
  const next = current.includes(value)
    ? current.filter((item) => item !== value)
    : [...current, value];
  return {
    ...state,
    filters: { ...state.filters, [name]: next },
    page: 1,
  };
}

export function withQuery(state: SearchState, q: string): SearchState {
  return { ...state, q: q.trim(), page: 1 };
}

export function withPage(state: SearchState, page: number): SearchState {
  return { ...state, page };
}

export function activeFilterCount(state: SearchState): number {
  return FACET_NAMES.reduce((sum, name) => sum + state.filters[name].length, 0);
}
