// The directory's pages, under a French path: /annuaire (search), /annuaire/candidature (a
// structure applies), /annuaire/ma-structure (its application), /annuaire/moderation and
// /annuaire/moderation/:id (the moderators' review queue) and /annuaire/:slug (a card).
// Fixed paths win over the card's dynamic one in Ember's router.
export default function () {
  this.route("annuaire");
  this.route("annuaire-candidature", { path: "/annuaire/candidature" });
  this.route("annuaire-ma-structure", { path: "/annuaire/ma-structure" });
  this.route("annuaire-provider", { path: "/annuaire/:slug" });
  this.route("annuaire-moderation", { path: "/annuaire/moderation" });
  this.route("annuaire-moderation-application", {
    path: "/annuaire/moderation/:id",
  });
}
