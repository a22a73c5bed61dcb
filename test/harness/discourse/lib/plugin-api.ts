// Stand-in for `discourse/lib/plugin-api`: withPluginApi hands the callback an API with the
// methods this plugin calls, behaving as Discourse's do: decorateCookedElement registers an
// HTML decorator (applied by DDecoratedHtml), addCommunitySectionLink records a sidebar link
// (an object, or — for a callback — the class it returns from BaseCommunitySectionLink, as
// lib/sidebar/custom-community-section-links.js does), renderAfterWrapperOutlet records the
// component for the outlet.
import type { withPluginApi as discourseWithPluginApi } from "discourse/lib/plugin-api";
import BaseCommunitySectionLink from "discourse/lib/sidebar/base-community-section-link";
import { registerHtmlDecorator } from "discourse/ui-kit/d-decorated-html";

type PluginApi = Parameters<Parameters<typeof discourseWithPluginApi>[0]>[0];
type ApiStandIn = Pick<
  PluginApi,
  "addCommunitySectionLink" | "decorateCookedElement" | "renderAfterWrapperOutlet"
>;

/** The links added to the sidebar's Community section, for tests to inspect. */
export const communitySectionLinks: unknown[] = [];

/** Components rendered after a wrapper outlet's content, by outlet name. */
export const afterWrapperOutlets = new Map<string, unknown[]>();

const api: ApiStandIn = {
  addCommunitySectionLink(link: unknown): void {
    communitySectionLinks.push(
      typeof link === "function" ? (link as (base: unknown) => unknown)(BaseCommunitySectionLink) : link
    );
  },
  renderAfterWrapperOutlet(outletName: string, klass: unknown): void {
    afterWrapperOutlets.set(outletName, [...(afterWrapperOutlets.get(outletName) ?? []), klass]);
  },
  decorateCookedElement(callback: Function, opts: { onlyStream?: boolean } = {}): void {
    registerHtmlDecorator(callback, opts.onlyStream ? "stream" : undefined);
  },
};

export const withPluginApi: typeof discourseWithPluginApi = (callback) =>
  // Only the members above exist: calling any other one fails the test loudly.
  callback(api as PluginApi, {});

export function resetPluginApi(): void {
  communitySectionLinks.length = 0;
  afterWrapperOutlets.clear();
}
