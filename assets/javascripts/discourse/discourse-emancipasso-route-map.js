// The plugin's pages, under French paths: /annuaire (search), /annuaire/candidature (a
// structure applies), /annuaire/ma-structure (its application), /annuaire/moderation and
// /annuaire/moderation/:id (the moderators' review queue), /annuaire/:slug (a card), and
// co-funding's request form and "Mes engagements" (a member's pledges, private to them: a
// page of the plugin rather than a profile tab others could open). Fixed paths win over the
// card's dynamic one in Ember's router.
export default function () {
  this.route("annuaire");
  this.route("annuaire-candidature", { path: "/annuaire/candidature" });
  this.route("annuaire-ma-structure", { path: "/annuaire/ma-structure" });
  this.route("annuaire-provider", { path: "/annuaire/:slug" });
  this.route("annuaire-moderation", { path: "/annuaire/moderation" });
  this.route("annuaire-moderation-application", {
    path: "/annuaire/moderation/:id",
  });
  this.route("cofunding-new", { path: "/cofinancement/nouveau" });
  this.route("cofunding-my-pledges", {
    path: "/cofinancement/mes-engagements",
  });
}
