// /annuaire/candidature: the page loads its own data (see VettingApplicationPage).
import DiscourseRoute from "discourse/routes/discourse";
import { i18n } from "discourse-i18n";

export default class AnnuaireCandidatureRoute extends DiscourseRoute {
  titleToken(): string {
    return String(i18n("emancipasso.vetting.apply.title"));
  }
}
