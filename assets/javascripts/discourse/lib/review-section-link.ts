// The sidebar's link to the review queue, with the number of applications waiting, built
// the way core builds its own "Review" link with a pending count
// (app/assets/javascripts/discourse/app/lib/sidebar/user/community-section/
// review-section-link.js in discourse/discourse): a class extending the community section's
// BaseCommunitySectionLink, handed to api.addCommunitySectionLink (lib/plugin-api.gjs), whose
// shouldDisplay hides it and whose badgeText is the count. Shown only to those the forum
// lets review (currentUser.emancipasso_reviews_directory, serialised by plugin.rb).
import { getOwner } from "@ember/owner";
import { i18n } from "discourse-i18n";
import type ReviewQueueService from "../services/review-queue";

/** The icon before the link (registered in plugin.rb's SVG list). */
const PREFIX = { icon: "list-check" };

interface ReviewingUser {
  emancipasso_reviews_directory?: boolean;
}

interface BaseSectionLink {
  currentUser: ReviewingUser | null | undefined;
}

// any[]: TypeScript's rule for a class extended by a function (a "mixin").
type BaseSectionLinkClass = abstract new (...args: any[]) => BaseSectionLink;

export function reviewSectionLink<T extends BaseSectionLinkClass>(Base: T) {
  abstract class ReviewSectionLink extends Base {
    get reviewQueue(): ReviewQueueService {
      return getOwner(this)?.lookup(
        "service:review-queue"
      ) as ReviewQueueService;
    }

    get name(): string {
      return "annuaire-moderation";
    }

    get route(): string {
      return "annuaire-moderation";
    }

    get title(): string {
      return i18n("emancipasso.review.sidebar.title");
    }

    get text(): string {
      return i18n("emancipasso.review.sidebar.text");
    }

    get shouldDisplay(): boolean {
      const allowed = this.currentUser?.emancipasso_reviews_directory === true;
      if (allowed) {
        // Once per page view; the queue's pages and actions refresh it.
        void this.reviewQueue.loadPendingCount();
      }
      return allowed;
    }

    get badgeText(): string | undefined {
      const count = this.reviewQueue.pendingCount;
      return count
        ? i18n("emancipasso.review.sidebar.pending", { count })
        : undefined;
    }

    get prefixValue(): string {
      return PREFIX.icon;
    }
  }
  return ReviewSectionLink;
}
