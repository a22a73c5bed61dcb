import type { TestContext } from "@ember/test-helpers";
import { settled } from "@ember/test-helpers";
import { module, test } from "qunit";
import BaseCommunitySectionLink from "discourse/lib/sidebar/base-community-section-link";
import { setupRenderingTest } from "discourse/tests/helpers/component-test";
import pretender from "discourse/tests/helpers/create-pretender";
import I18n from "discourse-i18n";
import { reviewSectionLink } from "discourse/plugins/discourse-emancipasso/discourse/lib/review-section-link";
import { answer } from "../helpers/directory-fixtures";
import { reviewFixtures, signIn } from "../helpers/review-fixtures";

interface Link {
  name: string;
  route: string;
  shouldDisplay: boolean;
  badgeText: string | undefined;
  prefixValue: string;
}

function makeLink(context: TestContext): Link {
  const Link = reviewSectionLink(BaseCommunitySectionLink) as unknown as new (
    owner: unknown
  ) => Link;
  return new Link(context.owner);
}

module("Discourse Emancipasso | Unit | review sidebar link", function (hooks) {
  setupRenderingTest(hooks);

  test("a directory moderator sees the link with the pending count, asked once", async function (this: TestContext, assert) {
    I18n.locale = "fr";
    signIn(this);
    let asked = 0;
    pretender.get("/directory-api/v1/review/pending-count", () => {
      asked++;
      return answer(200, reviewFixtures.pendingCount.body);
    });
    const link = makeLink(this);

    assert.true(link.shouldDisplay);
    assert.strictEqual(link.route, "annuaire-moderation");
    assert.strictEqual(link.prefixValue, "list-check");
    await settled();
    assert.strictEqual(link.badgeText, "1 en attente");
    assert.true(makeLink(this).shouldDisplay);
    await settled();
    assert.strictEqual(asked, 1, "one request per page view");
  });

  test("no badge when nothing waits, or when the count cannot be read", async function (this: TestContext, assert) {
    signIn(this);
    pretender.get("/directory-api/v1/review/pending-count", () =>
      answer(200, { pending: 0 })
    );
    const link = makeLink(this);
    assert.true(link.shouldDisplay);
    await settled();
    assert.strictEqual(link.badgeText, undefined);

    const queue = this.owner.lookup("service:review-queue") as {
      refreshPendingCount(): Promise<void>;
    };
    pretender.get("/directory-api/v1/review/pending-count", () =>
      answer(reviewFixtures.forbidden.status, reviewFixtures.forbidden.body)
    );
    await queue.refreshPendingCount();
    assert.strictEqual(link.badgeText, undefined);
  });

  test("hidden from members, who never ask for the count", async function (this: TestContext, assert) {
    signIn(this, { username: "camille", emancipasso_reviews_directory: false });
    assert.false(makeLink(this).shouldDisplay);
    // No handler: a request for the count would fail the test (unhandled request).
    await settled();
  });

  test("hidden from visitors, who never ask for the count", async function (this: TestContext, assert) {
    signIn(this, null);
    assert.false(makeLink(this).shouldDisplay);
    // No handler: a request for the count would fail the test (unhandled request).
    await settled();
  });
});
