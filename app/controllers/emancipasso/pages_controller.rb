# frozen_string_literal: true

module ::Emancipasso
  # /annuaire and /annuaire/:slug are drawn by the Ember app; a direct visit or a reload only
  # needs Discourse's application shell, which then routes on the client.
  class PagesController < ::ApplicationController
    requires_plugin PLUGIN_NAME

    skip_before_action :check_xhr

    def show
      render "default/empty"
    end
  end
end
