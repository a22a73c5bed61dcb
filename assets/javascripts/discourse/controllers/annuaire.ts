// Holds the directory search in the URL's query params (one string per facet, comma
// separated), so a search can be shared and the back button walks through it.
import { tracked } from "@glimmer/tracking";
import Controller from "@ember/controller";
import { action } from "@ember/object";
import {
  FACET_NAMES,
  type SearchState,
  stateFromUrl,
  urlFromState,
} from "../lib/search-state";

export default class AnnuaireController extends Controller {
  @tracked q = "";
  @tracked support = "";
  @tracked size = "";
  @tracked modality = "";
  @tracked region = "";
  @tracked department = "";
  @tracked tool = "";
  @tracked price = "";
  @tracked tag = "";
  @tracked page = 1;
  override queryParams = ["q", ...FACET_NAMES, "page"];

  get query(): SearchState {
    return stateFromUrl({
      q: this.q,
      support: this.support,
      size: this.size,
      modality: this.modality,
      region: this.region,
      department: this.department,
      tool: this.tool,
      price: this.price,
      tag: this.tag,
      page: this.page,
    });
  }

  @action
  updateQuery(state: SearchState): void {
    const params = urlFromState(state);
    this.q = params.q;
    this.support = params.support;
    this.size = params.size;
    this.modality = params.modality;
    this.region = params.region;
    this.department = params.department;
    this.tool = params.tool;
    this.price = params.price;
    this.tag = params.tag;
    this.page = params.page;
  }
}
