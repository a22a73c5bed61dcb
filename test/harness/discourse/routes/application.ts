// Stand-in for Discourse's application route (frontend/discourse/app/routes/application.js in
// discourse/discourse), the parts the plugin reaches:
// - `showLogin`: Discourse's way to ask for a log-in; transitions to the `login` route
//   (flagged `wantsTo`, so that core returns the reader where they were afterwards).
// - `_collectTitleTokens`: the last stop of the title tokens, which adds the site's title and
//   sets the document title ("<tokens> - <site title>").
// - On every route change the title is refreshed, as lib/page-tracker.js does
//   (`router.on("routeDidChange", …)` → `refreshTitle`).
import { action } from "@ember/object";
import type Owner from "@ember/owner";
import type RouterService from "@ember/routing/router-service";
import { service } from "@ember/service";
import DiscourseRoute from "./discourse";

/** The site's title (siteSettings.title in a forum). */
export const SITE_TITLE = "Forum";

export default class ApplicationRoute extends DiscourseRoute {
  @service declare router: RouterService;

  constructor(owner: Owner) {
    super(owner);
    this.router.on("routeDidChange", () => this.refreshTitle());
  }

  @action
  showLogin(): unknown {
    const transition = this.router.transitionTo("login") as ReturnType<RouterService["transitionTo"]> & { wantsTo?: boolean };
    transition.wantsTo = true;
    return transition;
  }

  @action
  override _collectTitleTokens(tokens: string[]): boolean {
    tokens.push(SITE_TITLE);
    document.title = tokens.join(" - ");
    return false;
  }
}
