// /annuaire/moderation/:id: one application under review.
import DiscourseRoute from "discourse/routes/discourse";
import { i18n } from "discourse-i18n";

export default class AnnuaireModerationApplicationRoute extends DiscourseRoute {
  override model(params: { id: string }): { id: number } {
    return { id: Number(params.id) };
  }

  titleToken(): string {
    return String(i18n("emancipasso.review.application.title"));
  }
}
