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
  type UrlQueryParams,
  urlFromState,
} from "../lib/search-state";

// The query params as the controller's properties (declared here, set in the constructor).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
interface AnnuaireController extends UrlQueryParams {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
class AnnuaireController extends Controller {
  override queryParams = [...URL_PARAM_NAMES];

  constructor(owner: Owner) {
    super(owner);
    Object.assign(this, urlFromState(emptySearch()));
  }

  get query(): SearchState {
    return stateFromUrl(getProperties(this, ...URL_PARAM_NAMES));
  }

  @action
  updateQuery(state: SearchState): void {
    setProperties(this, urlFromState(state));
  }
}

export default AnnuaireController;
