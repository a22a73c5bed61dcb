// /annuaire/ma-structure: the page loads its own data (see VettingMyStructurePage).
import DiscourseRoute from "discourse/routes/discourse";
import { i18n } from "discourse-i18n";

export default class AnnuaireMaStructureRoute extends DiscourseRoute {
  titleToken(): string {
    return String(i18n("emancipasso.vetting.mine.title"));
  }
}
