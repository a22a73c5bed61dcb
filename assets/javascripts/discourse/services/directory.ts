// Talks to the directory service through the forum's signed proxy (/directory-api), and
// keeps the taxonomies (labels of every key, in French and English) once loaded, and each
// provider asked for during the current page view (one request per provider, however many
// posts or components ask; a failed request is forgotten so that "retry" asks again).
import { cached, tracked } from "@glimmer/tracking";
import type Owner from "@ember/owner";
import type RouterService from "@ember/routing/router-service";
import Service, { service } from "@ember/service";
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
  @service declare router: RouterService;

  @tracked taxonomies: TaxonomiesResponse | null = null;

  #taxonomiesRequest: Promise<TaxonomiesResponse> | null = null;
  /** slug → its request, in flight or answered, for the current page view. */
  #providerRequests = new Map<string, Promise<Provider>>();
  #providers = new Map<string, Provider>();

  #forgetProviders = (): void => {
    this.#providerRequests.clear();
    this.#providers.clear();
  };

  constructor(owner: Owner) {
    super(owner);
    // A new page view starts with the transition (before the next route's model hooks).
    this.router.on("routeWillChange", this.#forgetProviders);
  }

  override willDestroy(): void {
    this.router.off("routeWillChange", this.#forgetProviders);
    super.willDestroy();
  }

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

  /**
   * Listed providers matching these words (the directory's own search, no filter): the
   * first `count` of them, and in `total` how many match. For pickers.
   */
  async findProviders(words: string, count: number): Promise<SearchResponse> {
    const params = new URLSearchParams();
    if (words) {
      params.append("q", words);
    }
    params.append("per_page", String(count));
    return (await this.#get(
      `${API_ROOT}/providers?${params.toString()}`
    )) as SearchResponse;
  }

  /** One provider's card; asked once per page view, whoever asks. */
  provider(slug: string): Promise<Provider> {
    let request = this.#providerRequests.get(slug);
    if (!request) {
      request = (
        this.#get(
          `${API_ROOT}/providers/${encodeURIComponent(slug)}`
        ) as Promise<Provider>
      ).then(
        (provider) => {
          this.#providers.set(slug, provider);
          return provider;
        },
        (error: unknown) => {
          this.#providerRequests.delete(slug);
          throw error;
        }
      );
      this.#providerRequests.set(slug, request);
    }
    return request;
  }

  /** The provider if it has already arrived in this page view. */
  loadedProvider(slug: string): Provider | undefined {
    return this.#providers.get(slug);
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

  /** Through the plugin's one ajax helper (lib/directory-ajax.ts: ignoreUnsent: false). */
  #get(url: string): Promise<unknown> {
    return directoryRequest(url);
  }
}
