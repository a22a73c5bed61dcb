// /annuaire/:slug: one provider's full card, loaded by ProviderPage.
import DiscourseRoute from "discourse/routes/discourse";
import { i18n } from "discourse-i18n";

export default class AnnuaireProviderRoute extends DiscourseRoute {
  override model(params: { slug: string }): { slug: string } {
    return { slug: params.slug };
  }

  titleToken(): string {
    return String(i18n("emancipasso.directory.title"));
  }
}
