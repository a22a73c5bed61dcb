// The plugin's pages through Ember's router, drawn by the plugin's route map: the search
// lives in the URL (shareable, back-button friendly) and a card has its own URL.
// Discourse runs these as acceptance tests; here ember-qunit's application test does.
import { click, currentURL, fillIn, visit } from "@ember/test-helpers";
import pretender from "discourse/tests/helpers/create-pretender";
import { setupApplicationTest } from "ember-qunit";
import { module, test } from "qunit";
import {
  discourseErrors,
  pretendDirectory,
} from "../../javascripts/helpers/directory-fixtures";
import { resetPretender } from "../discourse/tests/helpers/create-pretender";

module("Discourse Emancipasso | Harness | /annuaire routes", function (hooks) {
  setupApplicationTest(hooks);
  hooks.afterEach(() => resetPretender());

  test("filters, words and page go into the URL, and a shared URL restores them", async function (assert) {
    const requests = pretendDirectory();
    await visit("/annuaire");
    assert.strictEqual(currentURL(), "/annuaire");
    assert.dom(".directory-page__list .provider-card").exists({ count: 20 });

    await click("#directory-facet-support-diagnostic");
    assert.strictEqual(currentURL(), "/annuaire?support=diagnostic");
    await click("#directory-facet-modality-a-distance");
    assert.strictEqual(
      currentURL(),
      "/annuaire?modality=a-distance&support=diagnostic"
    );
    assert.dom(".directory-page__total").hasText("12 providers");

    await click("#directory-facet-modality-a-distance");
    await click("#directory-facet-support-diagnostic");
    await click(".directory-pagination__next");
    assert.strictEqual(currentURL(), "/annuaire?page=2");

    await fillIn("#directory-search-input", "hebergement");
    await click(".directory-search__submit");
    assert.strictEqual(currentURL(), "/annuaire?q=hebergement");

    // A shared link: the same page, opened afresh.
    await visit("/annuaire?support=diagnostic&modality=a-distance");
    assert.dom("#directory-facet-support-diagnostic").isChecked();
    assert.dom("#directory-facet-modality-a-distance").isChecked();
    assert.strictEqual(
      requests.searches.at(-1),
      "support=diagnostic&modality=a-distance&per_page=20"
    );
  });

  test("/annuaire/:slug shows the provider's card, titled with its name, for one request", async function (assert) {
    const requests = pretendDirectory();
    await visit("/annuaire");
    assert.strictEqual(document.title, "Provider directory - Forum");

    await visit("/annuaire/coop-libre-armor");
    assert.dom(".provider-detail__name").hasText("Coop'Libre Armor");
    assert.strictEqual(
      document.title,
      "Coop'Libre Armor - Provider directory - Forum"
    );
    assert.deepEqual(
      requests.providers,
      ["coop-libre-armor"],
      "the route and the page share the request"
    );
  });

  test("Discourse asks to log in: the button goes to core's login page", async function (assert) {
    pretendDirectory();
    pretender.get("/directory-api/v1/providers", discourseErrors.notLoggedIn);
    await visit("/annuaire");
    assert
      .dom(".directory-error-state__message")
      .hasText("Log in to browse the directory.");

    await click(".directory-error-state__login");
    assert.strictEqual(currentURL(), "/login");
  });
});
