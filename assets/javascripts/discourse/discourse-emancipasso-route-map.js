// The directory's pages, under a French path: /annuaire (search) and /annuaire/:slug (a card).
// The moderators' review queue: /annuaire/moderation and /annuaire/moderation/:id (fixed
// paths win over the card's dynamic one in Ember's router).
export default function () {
  this.route("annuaire");
  this.route("annuaire-provider", { path: "/annuaire/:slug" });
  this.route("annuaire-moderation", { path: "/annuaire/moderation" });
  this.route("annuaire-moderation-application", {
    path: "/annuaire/moderation/:id",
  });
}
