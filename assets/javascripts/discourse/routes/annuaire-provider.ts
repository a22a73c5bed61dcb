// /annuaire/:slug: one provider's full card, loaded by ProviderPage. The document title is
// the provider's name once it has arrived: Discourse collects `titleToken()` from the route
// up to the application route, on each route change and whenever a route calls
// `refreshTitle()` (frontend/discourse/app/routes/discourse.js in discourse/discourse).
import type RouterService from "@ember/routing/router-service";
import { service } from "@ember/service";
import DiscourseRoute from "discourse/routes/discourse";
import { i18n } from "discourse-i18n";
import type DirectoryService from "../services/directory";

interface ProviderRouteModel {
  slug: string;
}

export default class AnnuaireProviderRoute extends DiscourseRoute {
  @service declare directory: DirectoryService;
  @service("router") declare routerService: RouterService;

  override model(params: { slug: string }): ProviderRouteModel {
    return { slug: params.slug };
  }

  override afterModel(model: ProviderRouteModel): void {
    // Not awaited: the page shows its own loading and error states. ProviderPage's own
    // request for the card is this same one (the service asks once per page view).
    // If it arrives before the transition ends, the title collected then has the name.
    this.directory.provider(model.slug).then(
      () => {
        if (
          !this.isDestroying &&
          !this.isDestroyed &&
          this.routerService.currentRouteName === this.routeName
        ) {
          this.refreshTitle();
        }
      },
      () => {}
    );
  }

  titleToken(): string[] {
    const directoryTitle = String(i18n("emancipasso.directory.title"));
    const slug = (this.currentModel as ProviderRouteModel | undefined)?.slug;
    const provider = slug ? this.directory.loadedProvider(slug) : undefined;
    return provider ? [provider.name, directoryTitle] : [directoryTitle];
  }
}
