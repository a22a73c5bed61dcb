# frozen_string_literal: true

require_relative "../rails_helper"

# The plugin is laid out and loaded as discourse-plugin-skeleton and Discourse's bundled plugins
# are: plugin.rb defines the module and requires the engine only; Rails autoloads the rest
# (Zeitwerk, from app/ and lib/) and loads config/routes.rb as the engine's routes file.
RSpec.describe "discourse-emancipasso layout" do
  let(:plugin_rb) { File.read(File.join(PLUGIN_ROOT, "plugin.rb")) }

  def source_of(constant_name)
    constant_name.constantize
    path, = Object.const_source_location(constant_name)
    path&.delete_prefix("#{PLUGIN_ROOT}/")
  end

  it "requires nothing in plugin.rb but the engine, and overrides no engine path" do
    expect(plugin_rb.scan(/^\s*require(?:_relative)?\s+"([^"]+)"/).flatten).to eq(["lib/emancipasso/engine"])
    engine_rb = File.read(File.join(PLUGIN_ROOT, "lib/emancipasso/engine.rb"))
    expect(engine_rb).not_to match(/paths\[|config\.root\s*=/)
    expect(Dir.exist?(File.join(PLUGIN_ROOT, "plugin"))).to be(false)
  end

  it "roots the engine at the plugin, with its routes in config/routes.rb" do
    expect(Emancipasso::Engine.root.to_s).to eq(PLUGIN_ROOT)
    expect(Emancipasso::Engine.paths["config/routes.rb"].existent).to eq(
      [File.join(PLUGIN_ROOT, "config/routes.rb")],
    )
  end

  it "autoloads the controllers from app/controllers/emancipasso/" do
    expect(source_of("Emancipasso::ProxyController")).to eq(
      "app/controllers/emancipasso/proxy_controller.rb",
    )
    expect(source_of("Emancipasso::PagesController")).to eq(
      "app/controllers/emancipasso/pages_controller.rb",
    )
  end

  it "autoloads the other classes from lib/emancipasso/" do
    %w[RequestSigner ActingUser ServiceClient BodyUnparsed].each do |name|
      expect(source_of("Emancipasso::#{name}")).to eq("lib/emancipasso/#{name.underscore}.rb")
    end
  end

  it "names every Ruby file under app/ and lib/ after the constant it defines (Zeitwerk's rule)" do
    roots = %w[app/controllers lib].map { |dir| File.join(PLUGIN_ROOT, dir) }
    files = roots.flat_map { |root| Dir[File.join(root, "**/*.rb")].map { |file| [root, file] } }
    expect(files.size).to be >= 7

    files.each do |root, file|
      constant_name = file.delete_prefix("#{root}/").delete_suffix(".rb").camelize
      expect(source_of(constant_name)).to eq(file.delete_prefix("#{PLUGIN_ROOT}/")), file
    end
  end
end
