// Stand-in for Discourse's site-settings service: the plugin's settings (config/settings.yml)
// as a test changes them, the plugin enabled by default as in Discourse's plugin tests.
import Service from "@ember/service";

export default class SiteSettingsStandIn extends Service {
  emancipasso_enabled = true;
}
