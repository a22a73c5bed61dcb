// /annuaire: the page loads its own results (see DirectoryPage), so that the filters stay
// on screen while a new search loads; the route only names the page.
import DiscourseRoute from "discourse/routes/discourse";
import { i18n } from "discourse-i18n";

export default class AnnuaireRoute extends DiscourseRoute {
  titleToken(): string {
    return String(i18n("emancipasso.directory.title"));
  }
}
