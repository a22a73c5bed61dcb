// /annuaire/moderation: the moderators' review queue.
import DiscourseRoute from "discourse/routes/discourse";
import { i18n } from "discourse-i18n";

export default class AnnuaireModerationRoute extends DiscourseRoute {
  titleToken(): string {
    return String(i18n("emancipasso.review.queue.title"));
  }
}
