// What the initializer asks of Discourse's plugin API, seen through the harness's stand-in
// (a real Discourse shows it in the sidebar; here the call itself is checked).
import { module, test } from "qunit";
import { setupRenderingTest } from "discourse/tests/helpers/component-test";
import I18n from "discourse-i18n";
import PosterNameVettingChip from "discourse/plugins/discourse-emancipasso/discourse/components/poster-name-vetting-chip";
import initializer from "discourse/plugins/discourse-emancipasso/discourse/initializers/discourse-emancipasso";
import {
  afterWrapperOutlets,
  communitySectionLinks,
} from "../discourse/lib/plugin-api";

module("Discourse Emancipasso | Harness | plugin API calls", function (hooks) {
  setupRenderingTest(hooks);

  test("adds a link to /annuaire to the sidebar's Community section", function (assert) {
    I18n.locale = "fr";
    initializer.initialize();
    assert.deepEqual(communitySectionLinks[0], {
      name: "annuaire",
      route: "annuaire",
      icon: "address-book",
      title: "Trouver un prestataire recommandé",
      text: "Annuaire",
    });
    // The review queue's link: a class built on BaseCommunitySectionLink (its own test checks it).
    assert.strictEqual(communitySectionLinks.length, 2);
    assert.strictEqual(typeof communitySectionLinks[1], "function");
  });
});

module(
  "Discourse Emancipasso | Harness | poster-name outlet",
  function (hooks) {
    setupRenderingTest(hooks);

    test("renders the vetting chip after the post-meta-data-poster-name wrapper outlet", function (assert) {
      initializer.initialize();
      assert.deepEqual(afterWrapperOutlets.get("post-meta-data-poster-name"), [
        PosterNameVettingChip,
      ]);
    });
  }
);
