// The plugin's pages, under French paths: /annuaire (search), /annuaire/:slug (a card), and
// co-funding's request form and "Mes engagements" (a member's pledges, private to them: a
// page of the plugin rather than a profile tab others could open).
export default function () {
  this.route("annuaire");
  this.route("annuaire-provider", { path: "/annuaire/:slug" });
  this.route("cofunding-new", { path: "/cofinancement/nouveau" });
  this.route("cofunding-my-pledges", {
    path: "/cofinancement/mes-engagements",
  });
}
