// Entry of the QUnit page: an Ember application whose resolver finds the plugin's modules
// by their Discourse names (service:directory → discourse/plugins/discourse-emancipasso/
// discourse/services/directory) and the few core ones the plugin reaches (the application
// route, the app-events and composer services, a login route), then every test under
// test/javascripts, then QUnit. The environment is Discourse's test one ("qunit-testing").
import Application from "@ember/application";
import EmberRouter from "@ember/routing/router";
import { setApplication } from "@ember/test-helpers";
import { setupEmberOnerrorValidation, start } from "ember-qunit";
import { setEnvironment } from "discourse/lib/environment";
import ApplicationRoute from "discourse/routes/application";
import DiscourseRoute from "discourse/routes/discourse";
import AppEvents from "discourse/services/app-events";
import Composer from "discourse/services/composer";
import pluginModules from "emancipasso:plugin-modules";
import * as QUnit from "qunit";
import { setup as setupQUnitDom } from "qunit-dom";

const PREFIX = "discourse/plugins/discourse-emancipasso/discourse";
const ROUTE_MAP = `${PREFIX}/discourse-emancipasso-route-map`;

/** The forum's router reduced to the plugin's pages, drawn by the plugin's own route map. */
class PluginRouter extends EmberRouter {
  override location = "none";
  override rootURL = "/";
}
PluginRouter.map(function () {
  // Core's page that showLogin() goes to.
  this.route("login");
});
const routeMap = pluginModules[ROUTE_MAP]?.["default"];
if (typeof routeMap === "function") {
  PluginRouter.map(routeMap as Parameters<typeof EmberRouter.map>[0]);
}

/** Core modules the plugin reaches through the container. */
const CORE: Record<string, object> = {
  "route:application": ApplicationRoute,
  "route:login": DiscourseRoute,
  "service:app-events": AppEvents,
  "service:composer": Composer,
};

class PluginResolver {
  static create(): PluginResolver {
    return new PluginResolver();
  }

  /**
   * As Discourse's resolver (app/resolver.js): a camelCase name is dasherized, so
   * `@service vettingApplication` finds services/vetting-application and
   * `@service currentUser` the registered service:current-user.
   */
  normalize(fullName: `${string}:${string}`): `${string}:${string}` {
    const [type = "", name = ""] = fullName.split(":");
    return `${type}:${name.replace(/([a-z\d])([A-Z])/g, "$1-$2").toLowerCase()}`;
  }

  resolve(fullName: string): object | undefined {
    if (fullName === "router:main") {
      return PluginRouter;
    }
    if (fullName in CORE) {
      return CORE[fullName];
    }
    const [type, name] = fullName.split(":");
    const moduleName = `${PREFIX}/${type}s/${name}`;
    const found = pluginModules[moduleName]?.["default"];
    return typeof found === "object" || typeof found === "function"
      ? (found ?? undefined)
      : undefined;
  }
}

class TestApplication extends Application {
  modulePrefix = "discourse";
  override Resolver = PluginResolver;
}

setEnvironment("qunit-testing");
setupQUnitDom(QUnit.assert);
setApplication(TestApplication.create({ autoboot: false, rootElement: "#ember-testing" }));
setupEmberOnerrorValidation();

// Results for the runner (run-tests.mjs), which reads them from the page.
interface Summary {
  passed: number;
  failed: number;
  total: number;
  failures: string[];
  done: boolean;
}
const summary: Summary = { passed: 0, failed: 0, total: 0, failures: [], done: false };
(window as unknown as { __qunitSummary: Summary }).__qunitSummary = summary;

let failedAssertions: string[] = [];
QUnit.log((details) => {
  if (!details.result) {
    const expected = "expected" in details ? ` (expected ${String(details.expected)}, got ${String(details.actual)})` : "";
    failedAssertions.push(`    ${details.message ?? "assertion failed"}${expected}`);
  }
});

QUnit.testDone((details) => {
  const name = `${details.module} > ${details.name}`;
  const messages = failedAssertions;
  failedAssertions = [];
  if (details.failed > 0) {
    summary.failed++;
    summary.failures.push([name, ...messages].join("\n"));
    // eslint-disable-next-line no-console
    console.log(`not ok - ${name}\n${messages.join("\n")}`);
  } else {
    summary.passed++;
    // eslint-disable-next-line no-console
    console.log(`ok - ${name}`);
  }
});
QUnit.done((details) => {
  summary.total = details.total;
  summary.done = true;
});

await import("emancipasso:tests");
start({ setupTestIsolationValidation: true });
