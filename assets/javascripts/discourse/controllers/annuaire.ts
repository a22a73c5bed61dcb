// Holds the directory search in the URL's query params (one string per facet, comma
// separated), so a search can be shared and the back button walks through it. The params
// are the facet list's (lib/search-state.ts), read and written with Ember's get/set, which
// the query-param machinery and autotracking both observe.
import Controller from "@ember/controller";
import { action, getProperties, setProperties } from "@ember/object";
import type Owner from "@ember/owner";
import {
  emptySearch,
  type SearchState,
  stateFromUrl,
  URL_PARAM_NAMES,
  urlFromState,
  type UrlQueryParams,
} from "../lib/search-state";

export default class AnnuaireController extends Controller {
  override queryParams = [...URL_PARAM_NAMES];

  constructor(owner: Owner) {
    super(owner);
    // One property per query param, named after it (what Ember's query params bind to).
    Object.assign(this, urlFromState(emptySearch()));
  }

  /** The query params' current values, as the URL holds them. */
  get params(): UrlQueryParams {
    return getProperties(this as unknown as UrlQueryParams, ...URL_PARAM_NAMES);
  }

  get query(): SearchState {
    return stateFromUrl(this.params);
  }

  @action
  updateQuery(state: SearchState): void {
    setProperties(this, urlFromState(state));
  }
}
