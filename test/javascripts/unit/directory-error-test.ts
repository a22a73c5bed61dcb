import { ErrorCode } from "@emancipasso/directory-service/contract";
import { module, test } from "qunit";
import I18n from "discourse-i18n";
import {
  CLIENT_ERROR_CODES,
  DirectoryError,
  KNOWN_ERROR_CODES,
  KNOWN_FORUM_ERROR_TYPES,
  toDirectoryError,
} from "discourse/plugins/discourse-emancipasso/discourse/lib/directory-error";
import { fixtures } from "../helpers/directory-fixtures";

/** The string a key names in a locale (plural keys: their "other" form), if any. */
function stringIn(locale: string, key: string): string | undefined {
  let node: unknown = I18n.translations[locale]?.["js"];
  for (const part of key.split(".")) {
    node = (node as Record<string, unknown> | undefined)?.[part];
  }
  if (typeof node === "object" && node !== null) {
    node = (node as Record<string, unknown>)["other"];
  }
  return typeof node === "string" && node.length > 0 ? node : undefined;
}

module("Discourse Emancipasso | Unit | directory-error", function () {
  test("the service's error code names the message to show", function (assert) {
    const error = toDirectoryError({
      jqXHR: { status: 404, responseJSON: fixtures.errorNotFound.body },
    });
    assert.strictEqual(error.code, "provider_not_found");
    assert.strictEqual(error.status, 404);
    assert.strictEqual(error.i18nKey, "emancipasso.errors.provider_not_found");
  });

  test("every top-level code of the contract has its own string, in French and English", function (assert) {
    assert.deepEqual(
      [...KNOWN_ERROR_CODES].sort(),
      [...ErrorCode.options].sort(),
      "the plugin's list is the contract's enum"
    );
    for (const code of ErrorCode.options) {
      const error = toDirectoryError({
        jqXHR: {
          status: 400,
          responseJSON: { error: { code, message: "", details: [] } },
        },
      });
      assert.strictEqual(error.i18nKey, `emancipasso.errors.${code}`, code);
      for (const locale of ["fr", "en"]) {
        assert.strictEqual(
          typeof stringIn(locale, error.i18nKey),
          "string",
          `${locale}: ${code}`
        );
      }
    }
  });

  test("every Discourse error type handled, and the browser's own cases, have a string", function (assert) {
    const keys = [
      ...KNOWN_FORUM_ERROR_TYPES.map(
        (type) => new DirectoryError("forum", type, 400, "", 5).i18nKey
      ),
      new DirectoryError("forum", "rate_limit", 429, "").i18nKey,
      ...CLIENT_ERROR_CODES.map(
        (code) => new DirectoryError("client", code, 0, "").i18nKey
      ),
      "emancipasso.errors.retry",
      "emancipasso.errors.log_in",
    ];
    assert.strictEqual(new Set(keys).size, keys.length, "one key each");
    for (const key of keys) {
      for (const locale of ["fr", "en"]) {
        assert.strictEqual(
          typeof stringIn(locale, key),
          "string",
          `${locale}: ${key}`
        );
      }
    }
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
      toDirectoryError({ jqXHR: { status: 0, readyState: 0 } }).i18nKey,
      "emancipasso.errors.network",
      "no answer at all"
    );
    assert.strictEqual(
      toDirectoryError(new Error("boom")).i18nKey,
      "emancipasso.errors.unknown",
      "a failure in the page itself is not a network failure"
    );
  });
});
