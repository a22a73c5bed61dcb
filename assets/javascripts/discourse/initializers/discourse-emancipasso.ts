// Wires the directory into the forum, through the plugin API only: a sidebar link to
// /annuaire, one to the review queue with its pending count (for those who review), provider
// cards expanded inline where a post links to /annuaire/:slug, and co-funding: its panel above
// a request's first post, its button on the category page, the vetting chip after poster
// names (api.renderInOutlet, api.renderAfterWrapperOutlet,
// frontend/discourse/app/lib/plugin-api.gjs).
// (Discourse serves a plugin's JavaScript only while its enabled_site_setting is on.)
import { withPluginApi } from "discourse/lib/plugin-api";
import { i18n } from "discourse-i18n";
import CofundingProposeButton from "../components/cofunding-propose-button";
import CofundingTopicPanel from "../components/cofunding-topic-panel";
import InlineProviderCard from "../components/inline-provider-card";
import PosterNameVettingChip from "../components/poster-name-vetting-chip";
import {
  type CookedDecoratorHelper,
  expandProviderLinks,
} from "../lib/provider-links";
import { reviewSectionLink } from "../lib/review-section-link";

export default {
  name: "discourse-emancipasso",

  initialize(): void {
    withPluginApi((api) => {
      api.addCommunitySectionLink({
        name: "annuaire",
        route: "annuaire",
        icon: "address-book",
        title: i18n("emancipasso.directory.sidebar.title"),
        text: i18n("emancipasso.directory.sidebar.text"),
      });

      api.addCommunitySectionLink(reviewSectionLink);
      api.renderInOutlet("topic-above-post-stream", CofundingTopicPanel);
      api.renderInOutlet("before-create-topic-button", CofundingProposeButton);
      // The vetting chip after each poster's name: the wrapper outlet of
      // components/post/meta-data/poster-name.gjs (args post and user).
      api.renderAfterWrapperOutlet(
        "post-meta-data-poster-name",
        PosterNameVettingChip
      );

      api.decorateCookedElement(
        (element: HTMLElement, helper?: CookedDecoratorHelper) => {
          expandProviderLinks(element, helper, InlineProviderCard);
        }
      );
    });
  },
};
