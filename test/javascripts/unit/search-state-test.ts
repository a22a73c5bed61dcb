import { module, test } from "qunit";
import {
  activeFilterCount,
  emptySearch,
  serviceQueryString,
  stateFromUrl,
  toggleFilter,
  urlFromState,
  withPage,
  withQuery,
} from "discourse/plugins/discourse-emancipasso/discourse/lib/search-state";

module("Discourse Emancipasso | Unit | search-state", function () {
  test("a search survives the trip through the URL's query params", function (assert) {
    let state = withQuery(emptySearch(), "  nextcloud ");
    state = toggleFilter(state, "support", "diagnostic");
    state = toggleFilter(state, "support", "migration");
    state = toggleFilter(state, "department", "2A");
    state = withPage(state, 3);

    const params = urlFromState(state);
    assert.strictEqual(params.q, "nextcloud");
    assert.strictEqual(params.support, "diagnostic,migration");
    assert.strictEqual(params.department, "2A");
    assert.strictEqual(params.modality, "");
    assert.strictEqual(params.page, 3);
    assert.deepEqual(stateFromUrl(params), state);
  });

  test("the service gets repeated keys, as its contract reads them", function (assert) {
    let state = toggleFilter(emptySearch(), "support", "diagnostic");
    state = toggleFilter(state, "support", "formation");
    state = toggleFilter(state, "modality", "a-distance");
    state = withPage(withQuery(state, "libre"), 2);

    assert.strictEqual(
      serviceQueryString(state),
      "q=libre&support=diagnostic&support=formation&modality=a-distance&page=2&per_page=20"
    );
    assert.strictEqual(serviceQueryString(emptySearch()), "per_page=20");
  });

  test("ticking, unticking or searching starts again at page 1", function (assert) {
    const onPage3 = withPage(emptySearch(), 3);
    const ticked = toggleFilter(onPage3, "tag", "references-verifiees");
    assert.strictEqual(ticked.page, 1);
    assert.deepEqual(ticked.filters.tag, ["references-verifiees"]);
    assert.strictEqual(activeFilterCount(ticked), 1);

    const unticked = toggleFilter(
      withPage(ticked, 2),
      "tag",
      "references-verifiees"
    );
    assert.strictEqual(unticked.page, 1);
    assert.deepEqual(unticked.filters.tag, []);
    assert.strictEqual(withQuery(withPage(ticked, 4), "x").page, 1);
  });

  test("malformed URL params fall back to an unset search", function (assert) {
    const state = stateFromUrl({
      q: "  ",
      support: ",diagnostic,,diagnostic, formation,",
      page: -2,
    });
    assert.strictEqual(state.q, "");
    assert.deepEqual(state.filters.support, ["diagnostic", "formation"]);
    assert.strictEqual(state.page, 1);
    assert.strictEqual(stateFromUrl({ page: 2.5 }).page, 1);
    assert.deepEqual(stateFromUrl({}), emptySearch());
  });
});
