// Stand-in for `discourse/tests/helpers/component-test`: ember-qunit's rendering test, plus
// what Discourse resets between tests that this plugin relies on (English locale, request
// handlers, registered cooked-HTML decorators).
import type { setupRenderingTest as discourseSetupRenderingTest } from "discourse/tests/helpers/component-test";
import { resetPretender } from "discourse/tests/helpers/create-pretender";
import { resetHtmlDecorators } from "discourse/ui-kit/d-decorated-html";
import I18n from "discourse-i18n";
import { setupRenderingTest as emberSetupRenderingTest } from "ember-qunit";
// Harness-only reset (no such export in Discourse): imported by path, not module name.
import { resetPluginApi } from "../../lib/plugin-api";

export const setupRenderingTest: typeof discourseSetupRenderingTest = (hooks: NestedHooks, opts = {}) => {
  emberSetupRenderingTest(hooks, opts);
  hooks.afterEach(() => {
    I18n.locale = "en";
    resetPretender();
    resetHtmlDecorators();
    resetPluginApi();
  });
};
