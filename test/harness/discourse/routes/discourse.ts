// Stand-in for `discourse/routes/discourse` (frontend/discourse/app/routes/discourse.js in
// discourse/discourse): an Ember route with Discourse's document-title protocol. The
// `refreshTitle` action (sent on every route change, and by a route whose title changed)
// sends `_collectTitleTokens` once per run loop; that action bubbles from the leaf route up,
// each route adding its `titleToken()`, to the application route, which sets the title.
import { action } from "@ember/object";
import Route from "@ember/routing/route";
import { once } from "@ember/runloop";
import type DiscourseRouteDeclaration from "discourse/routes/discourse";

export default class DiscourseRoute extends Route implements Pick<DiscourseRouteDeclaration, "refreshTitle" | "_collectTitleTokens"> {
  titleToken?(): string | string[] | null | undefined;

  @action
  refreshTitle(): void {
    once(this, this._refreshTitleOnce);
  }

  _refreshTitleOnce(): void {
    // Sent through the router: handled by the leaf route first, then bubbling up.
    const send = this.send as unknown as (name: string, ...args: unknown[]) => void;
    send.call(this, "_collectTitleTokens", []);
  }

  @action
  _collectTitleTokens(tokens: string[]): boolean {
    const token = this.titleToken?.();
    if (token?.length) {
      if (Array.isArray(token)) {
        tokens.push(...token);
      } else {
        tokens.push(token);
      }
    }
    return true;
  }
}
