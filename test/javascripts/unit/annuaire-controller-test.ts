import { setProperties } from "@ember/object";
import type { TestContext } from "@ember/test-helpers";
import { FacetName } from "@emancipasso/directory-service/contract";
import { setupTest } from "ember-qunit";
import { module, test } from "qunit";
import type AnnuaireController from "discourse/plugins/discourse-emancipasso/discourse/controllers/annuaire";
import {
  emptySearch,
  toggleFilter,
  withPage,
  withQuery,
} from "discourse/plugins/discourse-emancipasso/discourse/lib/search-state";

module(
  "Discourse Emancipasso | Unit | Controller | annuaire",
  function (hooks) {
    setupTest(hooks);

    test("every part of the search is a query param of the page", function (this: TestContext, assert) {
      const controller = this.owner.lookup(
        "controller:annuaire"
      ) as AnnuaireController;
      assert.deepEqual(controller.queryParams, [
        "q",
        "support",
        "size",
        "modality",
        "region",
        "department",
        "tool",
        "price",
        "tag",
        "page",
      ]);
      assert.deepEqual(
        [...controller.queryParams].slice(1, -1).sort(),
        [...FacetName.options].sort(),
        "one per facet of the contract"
      );
    });

    test("a change of search lands in the query params and reads back the same", function (this: TestContext, assert) {
      const controller = this.owner.lookup(
        "controller:annuaire"
      ) as AnnuaireController;
      let state = toggleFilter(emptySearch(), "size", "petite");
      state = toggleFilter(state, "price", "prix-libre");
      state = withPage(withQuery(state, "cloud"), 2);

      controller.updateQuery(state);

      assert.strictEqual(controller.params.q, "cloud");
      assert.strictEqual(controller.params.size, "petite");
      assert.strictEqual(controller.params.price, "prix-libre");
      assert.strictEqual(controller.params.support, "");
      assert.strictEqual(controller.params.page, 2);
      assert.deepEqual(controller.query, state);
    });

    test("a shared URL's params give back the search", function (this: TestContext, assert) {
      const controller = this.owner.lookup(
        "controller:annuaire"
      ) as AnnuaireController;
      // What Ember's query params do when the URL changes.
      setProperties(controller, {
        support: "diagnostic,migration",
        region: "53",
        page: 2,
      });

      assert.deepEqual(controller.query.filters.support, [
        "diagnostic",
        "migration",
      ]);
      assert.deepEqual(controller.query.filters.region, ["53"]);
      assert.strictEqual(controller.query.page, 2);
    });
  }
);
