// The preview's Ember application: the plugin's route map, routes, controllers, templates
// and services (its real files, looked up by their Discourse module names), the plugin's
// initializer run through the harness's plugin API, and the few Discourse behaviours a
// page needs: the URL (path + query) is the state, internal links change route in place.
import Application from "@ember/application";
import type ApplicationInstance from "@ember/application/instance";
import EmberRouter from "@ember/routing/router";
import type RouterService from "@ember/routing/router-service";
import pluginModules from "emancipasso:plugin-modules";
import I18n from "discourse-i18n";
// The harness's plugin API records the links a plugin adds (Discourse draws them in its sidebar).
import { communitySectionLinks } from "../test/harness/discourse/lib/plugin-api";
import ApplicationTemplate from "./application.gts";

const PLUGIN = "discourse/plugins/discourse-emancipasso/discourse";

interface Boot {
  locale: string;
  currentUser: { username: string } | null;
}

const boot = JSON.parse(
  document.getElementById("preview-boot")?.textContent ?? "null"
) as Boot | null;
I18n.locale = boot?.locale ?? "fr";

function pluginDefault(path: string): unknown {
  return pluginModules[`${PLUGIN}/${path}`]?.["default"];
}

type RouteMap = (this: unknown) => void;
const routeMap = pluginDefault("discourse-emancipasso-route-map") as
  | RouteMap
  | undefined;
if (!routeMap) {
  throw new Error("the plugin has no route map");
}

class PreviewRouter extends EmberRouter {
  override location = "history";
  override rootURL = "/";
}
// Discourse calls each plugin's route map with the router DSL as `this`.
PreviewRouter.map(function (this: unknown) {
  routeMap.call(this);
});

const FOLDERS: Record<string, string> = {
  route: "routes",
  controller: "controllers",
  template: "templates",
  service: "services",
  component: "components",
  helper: "helpers",
  modifier: "modifiers",
};

/** Resolves "type:name" to the plugin's module, as Discourse's resolver finds plugin files. */
class PreviewResolver {
  static create(): PreviewResolver {
    return new PreviewResolver();
  }

  resolve(fullName: string): object | undefined {
    const [type, name] = fullName.split(":") as [string, string];
    if (fullName === "router:main") {
      return PreviewRouter;
    }
    if (fullName === "template:application") {
      return ApplicationTemplate;
    }
    const folder = FOLDERS[type];
    const found = folder ? pluginDefault(`${folder}/${name}`) : undefined;
    return typeof found === "object" || typeof found === "function"
      ? (found ?? undefined)
      : undefined;
  }
}

/** The plugin's initializers, run as Discourse runs them at boot. */
function runPluginInitializers(): void {
  for (const [name, module] of Object.entries(pluginModules)) {
    if (!name.startsWith(`${PLUGIN}/initializers/`)) {
      continue;
    }
    const initializer = module["default"] as
      | { initialize?: () => void }
      | undefined;
    initializer?.initialize?.();
  }
}

interface SectionLink {
  name: string;
  route: string;
  title: string;
  text: string;
}

/** The header navigation from the links the plugin adds to the sidebar's Community section. */
function renderNavigation(router: RouterService): void {
  const nav = document.querySelector(".preview-nav");
  if (!nav) {
    return;
  }
  nav.replaceChildren(
    ...(communitySectionLinks as SectionLink[]).map((link) => {
      const anchor = document.createElement("a");
      anchor.href = router.urlFor(link.route);
      anchor.textContent = link.text;
      anchor.title = link.title;
      anchor.dataset["previewLink"] = link.name;
      return anchor;
    })
  );
}

/**
 * Discourse routes a click on a link to one of its own pages inside the app (no reload):
 * the same here for the directory's pages, so the back button walks the app's history.
 */
function interceptLocalLinks(router: RouterService): void {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) {
      return;
    }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    const anchor = (event.target as Element | null)?.closest?.("a[href]");
    if (!(anchor instanceof HTMLAnchorElement)) {
      return;
    }
    if (
      (anchor.target && anchor.target !== "_self") ||
      anchor.hasAttribute("download")
    ) {
      return;
    }
    const url = new URL(anchor.href);
    if (url.origin !== window.location.origin) {
      return;
    }
    if (
      url.pathname !== "/annuaire" &&
      !url.pathname.startsWith("/annuaire/")
    ) {
      return;
    }
    event.preventDefault();
    void router.transitionTo(url.pathname + url.search);
  });
}

class PreviewApplication extends Application {}

PreviewApplication.instanceInitializer({
  name: "preview-shell",
  initialize(instance: ApplicationInstance): void {
    const router = instance.lookup("service:router") as RouterService;
    runPluginInitializers();
    interceptLocalLinks(router);
    // Not before the first transition: urlFor would set the router up early, and the
    // application would then never route its initial URL.
    let navigationShown = false;
    router.on("routeDidChange", () => {
      if (navigationShown) {
        return;
      }
      navigationShown = true;
      renderNavigation(router);
    });
  },
});

PreviewApplication.create({
  rootElement: "#main-outlet",
  modulePrefix: "emancipasso-preview",
  Resolver: PreviewResolver,
});
