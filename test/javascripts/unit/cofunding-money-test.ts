import { module, test } from "qunit";
import {
  centsToInput,
  formatCents,
  parseEuros,
} from "discourse/plugins/discourse-emancipasso/discourse/lib/cofunding-money";

module("Discourse Emancipasso | Unit | cofunding-money", function () {
  test("French-typed euros become integer cents without floats", function (assert) {
    assert.strictEqual(parseEuros("12 345,67"), 1234567);
    assert.strictEqual(parseEuros("12\u202f345,67 €"), 1234567);
    assert.strictEqual(parseEuros("0,29"), 29, "not 28.999…");
    assert.strictEqual(parseEuros("1,1"), 110);
    assert.strictEqual(parseEuros("80"), 8000);
    assert.strictEqual(parseEuros("80.5"), 8050);
  });

  test("anything else is not an amount", function (assert) {
    for (const text of ["", "-5", "1,234", "12,345,67", "abc", "1e3", "3,"]) {
      assert.strictEqual(parseEuros(text), null, JSON.stringify(text));
    }
  });

  test("cents are shown in fr-FR and typed back the French way", function (assert) {
    assert.strictEqual(formatCents(1234567), "12\u202f345,67\u00a0€");
    assert.strictEqual(centsToInput(1234567), "12 345,67");
    assert.strictEqual(parseEuros(centsToInput(5)), 5);
  });
});
