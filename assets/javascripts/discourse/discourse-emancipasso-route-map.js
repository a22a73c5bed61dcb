// The directory's pages, under a French path: /annuaire (search) and /annuaire/:slug (a card).
export default function () {
  this.route("annuaire");
  this.route("annuaire-provider", { path: "/annuaire/:slug" });
}
