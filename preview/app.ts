// The preview's Ember application: the plugin's route map, routes, controllers, templates
// and services (its real files, looked up by their Discourse module names), the plugin's
// initializer run through the harness's plugin API, and the few Discourse behaviours a
// page needs: the URL (path + query) is the state, internal links change route in place.
// Plus a sample topic (/t/exemple) whose post links to a card, decorated by the plugin.
import Application from "@ember/application";
import type ApplicationInstance from "@ember/application/instance";
import Route from "@ember/routing/route";
import EmberRouter from "@ember/routing/router";
import type RouterService from "@ember/routing/router-service";
import pluginModules from "emancipasso:plugin-modules";
import I18n from "discourse-i18n";
// The harness's plugin API records the links a plugin adds (Discourse draws them in its sidebar).
import { communitySectionLinks } from "../test/harness/discourse/lib/plugin-api";
import Composer from "../test/harness/discourse/services/composer";
import ApplicationTemplate from "./application.gts";
import { PREVIEW_COFUNDING_CATEGORY_ID } from "./cofunding-ids.ts";
import {
  PreviewCofundingCategory,
  PreviewCofundingTopic,
} from "./cofunding-topic.gts";
import TopicTemplate from "./topic.gts";
import { COFUNDING_PAGE, TOPIC_PATH } from "./topic-path.ts";

const PLUGIN = "discourse/plugins/discourse-emancipasso/discourse";

interface Boot {
  locale: string;
  currentUser: {
    id: number;
    username: string;
    emancipasso_reviews_directory?: boolean;
  } | null;
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

/** /t/:slug/:id: the topic id for the page (Discourse's topic route reads more). */
class CofundingTopicRoute extends Route {
  override model(params: { id: string }): { id: string } {
    return { id: params.id };
  }
}

class PreviewRouter extends EmberRouter {
  override location = "history";
  override rootURL = "/";
}
// Discourse calls each plugin's route map with the router DSL as `this`.
PreviewRouter.map(function (this: unknown) {
  routeMap.call(this);
  (this as { route(name: string, options: { path: string }): void }).route(
    "preview-topic",
    { path: TOPIC_PATH }
  );
  const dsl = this as { route(name: string, options: { path: string }): void };
  dsl.route("preview-cofunding-topic", { path: "/t/:slug/:id" });
  dsl.route("preview-cofunding-category", { path: COFUNDING_PAGE });
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

  /**
   * "service:siteSettings" → "service:site-settings": Discourse's resolver dasherizes what
   * @service properties ask for (frontend/discourse/app/resolver.js, normalize), so a
   * plugin's `@service siteSettings` finds core's site-settings service.
   */
  normalize(fullName: string): `${string}:${string}` {
    const [type, name] = fullName.split(":") as [string, string];
    return `${type}:${name.replace(/([a-z\d])([A-Z])/g, "$1-$2").toLowerCase()}`;
  }

  resolve(fullName: string): object | undefined {
    const [type, name] = fullName.split(":") as [string, string];
    if (fullName === "router:main") {
      return PreviewRouter;
    }
    if (fullName === "template:application") {
      return ApplicationTemplate;
    }
    if (fullName === "template:preview-topic") {
      return TopicTemplate;
    }
    if (fullName === "template:preview-cofunding-topic") {
      return PreviewCofundingTopic;
    }
    if (fullName === "template:preview-cofunding-category") {
      return PreviewCofundingCategory;
    }
    if (fullName === "route:preview-cofunding-topic") {
      return CofundingTopicRoute;
    }
    // Core's composer, reduced to what "Contacter" calls (it records, opens nothing here).
    if (fullName === "service:composer") {
      return Composer;
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
  icon?: string;
  title: string;
  text: string;
  shouldDisplay?: boolean;
  badgeText?: string;
}

type SectionLinkClass = new (owner: ApplicationInstance) => SectionLink & {
  prefixValue?: string;
};

/** A link as Discourse's sidebar reads it: an object, or an instance of the class given. */
function sectionLinks(instance: ApplicationInstance): SectionLink[] {
  return communitySectionLinks.map((link) => {
    if (typeof link !== "function") {
      return link as SectionLink;
    }
    const made = new (link as SectionLinkClass)(instance);
    return {
      name: made.name,
      route: made.route,
      icon: made.prefixValue,
      title: made.title,
      text: made.text,
      shouldDisplay: made.shouldDisplay,
      badgeText: made.badgeText,
    };
  });
}

const SVG = "http://www.w3.org/2000/svg";

/** Discourse's icon markup, drawn from the page's sprite (preview/icons.ts). */
function iconElement(name: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", `fa d-icon d-icon-${name} svg-icon`);
  svg.setAttribute("aria-hidden", "true");
  const use = document.createElementNS(SVG, "use");
  use.setAttribute("href", `#${name}`);
  svg.append(use);
  return svg;
}

function navLink(
  href: string,
  text: string,
  title: string,
  name: string,
  icon?: string,
  badge?: string
): HTMLAnchorElement {
  const anchor = document.createElement("a");
  anchor.href = href;
  if (icon) {
    anchor.append(iconElement(icon));
  }
  anchor.append(text);
  if (badge) {
    const count = document.createElement("span");
    count.className = "sidebar-section-link-content-badge";
    count.textContent = badge;
    anchor.append(" ", count);
  }
  anchor.title = title;
  anchor.dataset["previewLink"] = name;
  return anchor;
}

/**
 * The header navigation: the links the plugin adds to the sidebar's Community section (with
 * their icon), then the preview's sample topic.
 */
function renderNavigation(
  router: RouterService,
  instance: ApplicationInstance
): void {
  const nav = document.querySelector(".preview-nav");
  if (!nav) {
    return;
  }
  const french = I18n.locale.startsWith("fr");
  nav.replaceChildren(
    ...sectionLinks(instance)
      .filter((link) => link.shouldDisplay !== false)
      .map((link) =>
        navLink(
          router.urlFor(link.route),
          link.text,
          link.title,
          link.name,
          link.icon,
          link.badgeText
        )
      ),
    navLink(
      TOPIC_PATH,
      french ? "Sujet d'exemple" : "Sample topic",
      french
        ? "Un message du forum qui cite une fiche de l'annuaire"
        : "A forum post that links to a directory card",
      "topic"
    ),
    navLink(
      COFUNDING_PAGE,
      french ? "Financements mutualisés" : "Co-funding",
      french
        ? "La catégorie des demandes de financement mutualisé"
        : "The co-funding requests category",
      "cofunding"
    ),
    navLink(
      "/cofinancement/mes-engagements",
      french ? "Mes engagements" : "My pledges",
      french ? "Vos engagements de financement" : "Your co-funding pledges",
      "my-pledges"
    )
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
      !url.pathname.startsWith("/annuaire/") &&
      !url.pathname.startsWith("/cofinancement/") &&
      !url.pathname.startsWith("/t/") &&
      url.pathname !== COFUNDING_PAGE &&
      url.pathname !== TOPIC_PATH
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
    // Discourse registers the signed-in user (or null) as service:current-user at boot
    // (app/instance-initializers/inject-discourse-objects.js).
    // (Ember's types forbid null here; Discourse registers null for anonymous visitors.)
    instance.register(
      "service:current-user",
      (boot?.currentUser ?? null) as object,
      { instantiate: false }
    );
    const router = instance.lookup("service:router") as RouterService;
    // What Discourse registers for every page: the site settings the plugin reads and the
    // signed-in user (inject-discourse-objects), here from the preview's boot data; null for
    // a visitor, as Discourse's currentUser service is.
    instance.register(
      "service:site-settings",
      { emancipasso_cofunding_category: String(PREVIEW_COFUNDING_CATEGORY_ID) },
      { instantiate: false }
    );
    instance.register(
      "service:current-user",
      (boot?.currentUser ?? null) as object,
      { instantiate: false }
    );
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
      renderNavigation(router, instance);
      // The review link's count arrives after the first drawing (Discourse re-renders it).
      const reviewQueue = instance.lookup("service:review-queue") as
        | { loadPendingCount(): Promise<void> }
        | undefined;
      if (boot?.currentUser?.emancipasso_reviews_directory && reviewQueue) {
        void reviewQueue
          .loadPendingCount()
          .then(() => renderNavigation(router, instance));
      }
    });
  },
});

PreviewApplication.create({
  rootElement: "#main-outlet",
  modulePrefix: "emancipasso-preview",
  Resolver: PreviewResolver,
});
