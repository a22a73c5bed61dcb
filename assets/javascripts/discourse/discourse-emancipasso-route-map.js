// The directory's pages, under a French path: /annuaire (search), /annuaire/candidature (a
// structure applies), /annuaire/ma-structure (its application) and /annuaire/:slug (a card).
// The fixed paths come before the card's dynamic one.
export default function () {
  this.route("annuaire");
  this.route("annuaire-candidature", { path: "/annuaire/candidature" });
  this.route("annuaire-ma-structure", { path: "/annuaire/ma-structure" });
  this.route("annuaire-provider", { path: "/annuaire/:slug" });
}
