// Stand-in for `discourse/lib/plugin-api` (frontend/discourse/app/lib/plugin-api.gjs in
// discourse/discourse): withPluginApi hands the callback an API with the methods this plugin
// calls, behaving as Discourse's do:
// - decorateCookedElement(callback, { onlyStream }) wraps the callback as core's
//   wrapWithErrorHandler does (an exception dispatches a "discourse-error" event with
//   messageKey "broken_decorator_alert", is rethrown in test mode and swallowed in a
//   forum), registers it as an HTML decorator (DDecoratedHtml applies it to rendered
//   cooked HTML, WITH a helper), and unless onlyStream also listens to the app event
//   "decorate-non-stream-cooked-element", which core triggers with an element and NO helper
//   (the composer preview in components/d-editor.gjs, the user activity stream in
//   components/user-stream.gjs).
// - onAppEvent(name, fn) listens on the owner's app-events service (none: nothing happens).
// - addCommunitySectionLink records the sidebar link: an object, or — for a callback — the
//   class it returns from BaseCommunitySectionLink (lib/sidebar/custom-community-section-links.js).
// - renderAfterWrapperOutlet records the component for the outlet.
// - renderInOutlet(outlet, component) records the component; Discourse's PluginOutlet of that
//   name renders it with @outletArgs (components/plugin-outlet.gjs), as the preview does.
import type { withPluginApi as discourseWithPluginApi } from "discourse/lib/plugin-api";
import { isTesting } from "discourse/lib/environment";
import { getOwnerWithFallback } from "discourse/lib/get-owner";
import BaseCommunitySectionLink from "discourse/lib/sidebar/base-community-section-link";
import { registerHtmlDecorator } from "discourse/ui-kit/d-decorated-html";

type PluginApi = Parameters<Parameters<typeof discourseWithPluginApi>[0]>[0];
type ApiStandIn = Pick<
  PluginApi,
  | "addCommunitySectionLink"
  | "decorateCookedElement"
  | "onAppEvent"
  | "renderAfterWrapperOutlet"
  | "renderInOutlet"
>;
type Callback = (...args: unknown[]) => unknown;

interface AppEventsLike {
  on(name: string, fn: Callback): unknown;
  off(name: string, fn: Callback): unknown;
}

/** The links added to the sidebar's Community section, for tests to inspect. */
export const communitySectionLinks: unknown[] = [];

/** Components rendered after a wrapper outlet's content, by outlet name. */
export const afterWrapperOutlets = new Map<string, unknown[]>();
/** outlet name → the components rendered in it, in registration order. */
export const outletComponents = new Map<string, unknown[]>();
const listeners: { name: string; fn: Callback; appEvents: AppEventsLike }[] =
  [];

function wrapWithErrorHandler(func: Callback, messageKey: string): Callback {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return func.call(this, ...args);
    } catch (error) {
      document.dispatchEvent(
        new CustomEvent("discourse-error", { detail: { messageKey, error } })
      );
      if (isTesting()) {
        throw error;
      }
      return undefined;
    }
  };
}

function appEvents(): AppEventsLike | undefined {
  const owner = getOwnerWithFallback(undefined) as {
    lookup(name: string): unknown;
    isDestroyed?: boolean;
  } | null;
  return owner && !owner.isDestroyed
    ? (owner.lookup("service:app-events") as AppEventsLike | undefined)
    : undefined;
}

const api: ApiStandIn = {
  addCommunitySectionLink(link: unknown): void {
    communitySectionLinks.push(
      typeof link === "function"
        ? (link as (base: unknown) => unknown)(BaseCommunitySectionLink)
        : link
    );
  },
  renderAfterWrapperOutlet(outletName: string, klass: unknown): void {
    afterWrapperOutlets.set(outletName, [
      ...(afterWrapperOutlets.get(outletName) ?? []),
      klass,
    ]);
  },
  renderInOutlet(outletName: string, klass: unknown): void {
    outletComponents.set(outletName, [
      ...(outletComponents.get(outletName) ?? []),
      klass,
    ]);
  },
  onAppEvent(name: string, fn: Callback): void {
    const events = appEvents();
    if (events) {
      events.on(name, fn);
      listeners.push({ name, fn, appEvents: events });
    }
  },
  decorateCookedElement(
    callback: Function,
    opts: { onlyStream?: boolean } = {}
  ): void {
    const wrapped = wrapWithErrorHandler(
      callback as Callback,
      "broken_decorator_alert"
    );
    registerHtmlDecorator(wrapped, opts.onlyStream ? "stream" : undefined);
    if (!opts.onlyStream) {
      api.onAppEvent("decorate-non-stream-cooked-element", wrapped);
    }
  },
};

export const withPluginApi: typeof discourseWithPluginApi = (callback) =>
  // Only the members above exist: calling any other one fails the test loudly.
  callback(api as PluginApi, {});

/** Harness only: forgets what the plugin registered, between tests. */
export function resetPluginApi(): void {
  communitySectionLinks.length = 0;
  afterWrapperOutlets.clear();
  outletComponents.clear();
  for (const { name, fn, appEvents: events } of listeners.splice(0)) {
    events.off(name, fn);
  }
}
