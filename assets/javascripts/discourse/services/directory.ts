// Talks to the directory service through the forum's signed proxy (/directory-api), and
// keeps the taxonomies (labels of every key, in French and English) once loaded.
import { cached, tracked } from "@glimmer/tracking";
import Service from "@ember/service";
import type {
  Provider,
  SearchResponse,
  TaxonomiesResponse,
  TaxonomyEntry,
  TaxonomyName,
} from "@emancipasso/directory-service/contract";
import I18n from "discourse-i18n";
import { API_ROOT, directoryRequest } from "../lib/directory-ajax";
import { type SearchState, serviceQueryString } from "../lib/search-state";

export { API_ROOT };

const entryKey = (taxonomy: string, key: string) => `${taxonomy}\u0000${key}`;

function indexTaxonomies(
  taxonomies: TaxonomiesResponse
): Map<string, TaxonomyEntry> {
  const entries = new Map<string, TaxonomyEntry>();
  for (const [taxonomy, items] of Object.entries(taxonomies) as [
    TaxonomyName,
    TaxonomyEntry[],
  ][]) {
    for (const item of items) {
      entries.set(entryKey(taxonomy, item.key), item);
    }
  }
  return entries;
}

export default class DirectoryService extends Service {
  @tracked taxonomies: TaxonomiesResponse | null = null;

  #taxonomiesRequest: Promise<TaxonomiesResponse> | null = null;

  /**
   * "taxonomy\u0000key" → entry: built once when the taxonomies arrive (label() runs for
   * every chip of every card, a linear search each time added up on a page of cards).
   */
  @cached
  get taxonomyIndex(): Map<string, TaxonomyEntry> {
    return this.taxonomies ? indexTaxonomies(this.taxonomies) : new Map();
  }

  /** One page of results with the facet counts of the whole result set. */
  async search(state: SearchState): Promise<SearchResponse> {
    return (await this.#get(
      `${API_ROOT}/providers?${serviceQueryString(state)}`
    )) as SearchResponse;
  }

  async provider(slug: string): Promise<Provider> {
    return (await this.#get(
      `${API_ROOT}/providers/${encodeURIComponent(slug)}`
    )) as Provider;
  }

  /** Loaded once per page view; concurrent callers share the request. */
  loadTaxonomies(): Promise<TaxonomiesResponse> {
    if (!this.#taxonomiesRequest) {
      this.#taxonomiesRequest = (
        this.#get(`${API_ROOT}/taxonomies`) as Promise<TaxonomiesResponse>
      ).then(
        (taxonomies) => {
          this.taxonomies = taxonomies;
          return taxonomies;
        },
        (error: unknown) => {
          // A failed load may be retried by the next caller.
          this.#taxonomiesRequest = null;
          throw error;
        }
      );
    }
    return this.#taxonomiesRequest;
  }

  /** The label of a taxonomy key in the reader's language; the key itself until loaded. */
  label(taxonomy: TaxonomyName, key: string): string {
    const entry = this.taxonomyIndex.get(entryKey(taxonomy, key));
    if (!entry) {
      return key;
    }
    return String(I18n.currentLocale()).startsWith("fr")
      ? entry.label.fr
      : entry.label.en;
  }

  #get(url: string): Promise<unknown> {
    return directoryRequest(url);
  }
}
