// Entry of the QUnit page: an Ember application whose resolver finds the plugin's modules
// by their Discourse names (service:directory → discourse/plugins/discourse-emancipasso/
// discourse/services/directory), then every test under test/javascripts, then QUnit.
import Application from "@ember/application";
import EmberRouter from "@ember/routing/router";
import { setApplication } from "@ember/test-helpers";
import { setupEmberOnerrorValidation, start } from "ember-qunit";
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
const routeMap = pluginModules[ROUTE_MAP]?.["default"];
if (typeof routeMap === "function") {
  PluginRouter.map(routeMap as Parameters<typeof EmberRouter.map>[0]);
}

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
