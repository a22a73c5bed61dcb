# frozen_string_literal: true

require_relative "../rails_helper"
require "yaml"

# plugin.rb, config/settings.yml and the server locales, as Discourse reads them.
RSpec.describe "discourse-emancipasso manifest" do
  let(:plugin) { Discourse.plugins_by_name.fetch("discourse-emancipasso") }
  let(:settings) { YAML.safe_load(File.read(File.join(PLUGIN_ROOT, "config", "settings.yml"))) }
  let(:locales) do
    %w[fr en].to_h do |locale|
      file = File.join(PLUGIN_ROOT, "config", "locales", "server.#{locale}.yml")
      [locale, YAML.safe_load(File.read(file)).fetch(locale)]
    end
  end

  def leaf_keys(hash, prefix = nil)
    hash.flat_map do |key, value|
      path = [prefix, key].compact.join(".")
      value.is_a?(Hash) ? leaf_keys(value, path) : [path]
    end
  end

  describe "plugin.rb" do
    it "declares the metadata Discourse lists in its admin" do
      expect(plugin.metadata).to include(
        name: "discourse-emancipasso",
        authors: "Emancip'Asso",
        version: match(/\A\d+\.\d+\.\d+\z/),
        about: be_present,
        url: start_with("https://"),
      )
    end

    it "is switched on and off by emancipasso_enabled" do
      expect(plugin.enabled_site_setting_name).to eq(:emancipasso_enabled)
      SiteSetting.emancipasso_enabled = false
      expect(plugin.enabled?).to be(false)
      SiteSetting.emancipasso_enabled = true
      expect(plugin.enabled?).to be(true)
    end

    it "registers only stylesheets that exist" do
      expect(plugin.assets).not_to be_empty
      plugin.assets.each do |file, _opts|
        expect(File).to exist(File.join(PLUGIN_ROOT, "assets", file)), "missing assets/#{file}"
      end
    end

    it "adds every icon the front end names to the forum's sprite" do
      sources = Dir[File.join(PLUGIN_ROOT, "assets/javascripts/**/*.{gts,ts,js}")].map { |f| File.read(f) }
      used = sources.flat_map { |text| text.scan(/(?:@icon=|icon:\s*|icon\s+)"([a-z0-9-]+)"/).flatten }.uniq
      expect(used).not_to be_empty
      expect(plugin.svg_icons).to match_array(used)
    end

    it "mounts the relay at /directory-api and serves /annuaire pages" do
      expect(Rails.application.routes.recognize_path("/annuaire")).to include(
        controller: "emancipasso/pages",
        action: "show",
      )
      expect(Rails.application.routes.recognize_path("/annuaire/atelier-libre")).to include(
        slug: "atelier-libre",
      )
      mounted = Rails.application.routes.routes.find { |route| route.app.app == Emancipasso::Engine }
      expect(mounted.path.spec.to_s).to eq("/directory-api")
    end

    it "keeps its relay routes when Rails reloads routes (as in development)" do
      Rails.application.reload_routes!
      expect(Emancipasso::Engine.routes.routes.map { |route| route.path.spec.to_s }).to include(
        "/v1/providers",
        "/v1/providers/:slug",
        "/v1/taxonomies",
        "/v1/admin/providers/import",
        "/v1/admin/providers/export",
      )
    end
  end

  describe "config/settings.yml" do
    let(:definitions) { settings.fetch("discourse_emancipasso") }

    it "groups the plugin's seven settings under one heading" do
      expect(settings.keys).to eq(["discourse_emancipasso"])
      expect(definitions.keys).to contain_exactly(
        "emancipasso_enabled",
        "emancipasso_service_url",
        "emancipasso_shared_secret",
        "emancipasso_directory_category",
        "emancipasso_cofunding_category",
        "emancipasso_request_timeout_seconds",
        "emancipasso_max_imports_per_hour",
      )
    end

    it "is read by the plugin's code, every one of them" do
      code =
        Dir[File.join(PLUGIN_ROOT, "{plugin.rb,lib/**/*.rb,app/**/*.rb}")].map { |f| File.read(f) }.join
      definitions.each_key do |name|
        expect(code).to match(/SiteSetting\.#{name}\b|enabled_site_setting :#{name}\b/), name
      end
    end

    it "bounds imports per user and hour between 1 and 1000, 30 by default" do
      expect(definitions.fetch("emancipasso_max_imports_per_hour")).to include(
        "type" => "integer",
        "default" => 30,
        "min" => 1,
        "max" => 1000,
      )
    end

    it "is off by default, and tells the browser whether it is on" do
      expect(definitions.fetch("emancipasso_enabled")).to include("default" => false, "client" => true)
    end

    it "keeps the service's address and the secret on the server, the secret as a secret" do
      expect(definitions.fetch("emancipasso_service_url")).to eq("default" => "http://127.0.0.1:4100")
      expect(definitions.fetch("emancipasso_shared_secret")).to eq("default" => "", "secret" => true)
    end

    it "chooses the two categories with Discourse's category picker" do
      %w[emancipasso_directory_category emancipasso_cofunding_category].each do |name|
        expect(definitions.fetch(name)).to include("type" => "category", "default" => "")
      end
    end

    it "bounds the request timeout between 1 and 60 seconds, 5 by default" do
      expect(definitions.fetch("emancipasso_request_timeout_seconds")).to include(
        "type" => "integer",
        "default" => 5,
        "min" => 1,
        "max" => 60,
      )
    end
  end

  describe "server locales" do
    it "describes every site setting, in French and in English" do
      definitions = settings.fetch("discourse_emancipasso")
      locales.each do |locale, strings|
        expect(strings.fetch("site_settings").keys).to match_array(definitions.keys), locale
      end
    end

    it "has the same keys in both languages and no empty string" do
      expect(leaf_keys(locales.fetch("fr"))).to match_array(leaf_keys(locales.fetch("en")))
      locales.each_value do |strings|
        leaf_keys(strings).each { |key| expect(strings.dig(*key.split("."))).to be_present, key }
      end
    end

    it "has a message, loaded by Rails, for every error the relay answers itself" do
      %w[not_found service_unavailable service_timeout service_not_configured].each do |code|
        french = I18n.with_locale(:fr) { I18n.t("emancipasso.errors.#{code}", raise: true) }
        english = I18n.with_locale(:en) { I18n.t("emancipasso.errors.#{code}", raise: true) }
        expect(french).to eq(locales.dig("fr", "emancipasso", "errors", code))
        expect(english).to eq(locales.dig("en", "emancipasso", "errors", code))
      end
    end
  end
end
