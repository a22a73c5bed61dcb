// Shared by the preview's app (topic.gts), its server and the end-to-end test.

/** The preview's sample topic: a post linking to a card, decorated by the plugin. */
export const TOPIC_PATH = "/t/exemple";

/** The provider the sample post links to: one of the service's demo data (listed). */
export const SAMPLE_PROVIDER_SLUG = "coop-libre-armor";

/** The preview's co-funding category page (Discourse's /c/<slug>/<id>). */
export const COFUNDING_PAGE = "/c/financements-mutualises/7";
