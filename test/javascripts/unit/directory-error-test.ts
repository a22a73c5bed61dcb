import { module, test } from "qunit";
import { toDirectoryError } from "discourse/plugins/discourse-emancipasso/discourse/lib/directory-error";
import { fixtures } from "../helpers/directory-fixtures";

module("Discourse Emancipasso | Unit | directory-error", function () {
  test("the service's error code names the message to show", function (assert) {
    const error = toDirectoryError({
      jqXHR: { status: 404, responseJSON: fixtures.errorNotFound.body },
    });
    assert.strictEqual(error.code, "provider_not_found");
    assert.strictEqual(error.status, 404);
    assert.strictEqual(error.i18nKey, "emancipasso.errors.provider_not_found");
  });

  test("an unknown code shows the generic message", function (assert) {
    const error = toDirectoryError({
      jqXHR: {
        status: 418,
        responseJSON: { error: { code: "teapot", message: "", details: [] } },
      },
    });
    assert.strictEqual(error.i18nKey, "emancipasso.errors.unknown");
  });

  test("without an error body, the status tells what happened", function (assert) {
    const down = toDirectoryError({ jqXHR: { status: 502 } });
    assert.strictEqual(down.code, "service_unavailable");
    assert.strictEqual(
      toDirectoryError({ jqXHR: { status: 504 } }).code,
      "service_timeout"
    );
    assert.strictEqual(
      toDirectoryError({ jqXHR: { status: 0 } }).code,
      "network"
    );
    assert.strictEqual(toDirectoryError(new Error("boom")).code, "network");
  });
});
