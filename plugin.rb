# frozen_string_literal: true

# name: discourse-emancipasso
# about: Emancip'Asso: a directory of vetted providers for associations leaving Big Tech, inside the forum (signed proxy to the directory service).
# version: 0.1.0
# authors: Emancip'Asso
# url: https://github.com/emancipasso/discourse-emancipasso

enabled_site_setting :emancipasso_enabled

register_asset "stylesheets/common/directory.scss"
register_asset "stylesheets/common/vetting.scss"
register_asset "stylesheets/common/review.scss"
register_asset "stylesheets/common/cofunding.scss"
register_asset "stylesheets/common/vetting-chip.scss"

# Icons the plugin's components use, added to the forum's SVG sprite.
%w[
  address-book
  arrows-rotate
  check
  chevron-left
  chevron-right
  magnifying-glass
  list-check
  question
  triangle-exclamation
  xmark
].each do |icon|
  register_svg_icon icon
end

module ::Emancipasso
  PLUGIN_NAME = "discourse-emancipasso"
end

# As discourse-plugin-skeleton: the engine is defined when the plugin is activated, before Rails
# boots. Everything else is autoloaded from app/ and lib/, and config/routes.rb draws the routes.
require_relative "lib/emancipasso/engine"

after_initialize do
  # Whether the current user may open the directory's review queue: staff, or a moderator of the
  # directory category as Discourse decides it (Guardian#is_category_group_moderator?, see
  # lib/emancipasso/acting_user.rb). The client reads it as currentUser.emancipasso_reviews_directory
  # to show the sidebar link and the queue; the service checks the same flags on every request.
  # add_to_serializer as in lib/plugin/instance.rb: left out while the plugin is disabled.
  add_to_serializer(:current_user, :emancipasso_reviews_directory) do
    Emancipasso::ActingUser.reviews_directory?(scope)
  end
end
