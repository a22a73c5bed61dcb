// Ids shared by the preview's server, its Ember app and the tests (no Node imports here: the
// app bundles it).

/** The sample request's topic (the preview's /t/financement-exemple/<id>). */
export const SAMPLE_COFUNDING_TOPIC_ID = 4242;
export const SAMPLE_COFUNDING_TOPIC_SLUG = "financement-exemple";
/** The co-funding category of the preview (its emancipasso_cofunding_category). */
export const PREVIEW_COFUNDING_CATEGORY_ID = 7;
