// Stand-in for `discourse/tests/helpers/component-test` (frontend/discourse/tests/helpers/
// component-test.js in discourse/discourse): ember-qunit's rendering test, plus what
// Discourse's test setup does around each test that this plugin relies on: the test's owner
// as the default owner (getOwnerWithFallback, hence api.onAppEvent), and afterwards the
// English locale, request handlers, the CSRF token and registered cooked-HTML decorators reset.
import type { setupRenderingTest as discourseSetupRenderingTest } from "discourse/tests/helpers/component-test";
import { setDefaultOwner } from "discourse/lib/get-owner";
import { resetPretender } from "discourse/tests/helpers/create-pretender";
import { resetHtmlDecorators } from "discourse/ui-kit/d-decorated-html";
import I18n from "discourse-i18n";
import { setupRenderingTest as emberSetupRenderingTest } from "ember-qunit";
// Harness-only reset (no such export in Discourse): imported by path, not module name.
import { resetCsrfToken } from "../../lib/ajax";
import { resetPluginApi } from "../../lib/plugin-api";

export const setupRenderingTest: typeof discourseSetupRenderingTest = (hooks: NestedHooks, opts = {}) => {
  emberSetupRenderingTest(hooks, opts);
  hooks.beforeEach(function (this: { owner: unknown }) {
    setDefaultOwner(this.owner);
  });
  hooks.afterEach(() => {
    I18n.locale = "en";
    resetPretender();
    resetHtmlDecorators();
    resetPluginApi();
    resetCsrfToken();
    setDefaultOwner(null);
  });
};
