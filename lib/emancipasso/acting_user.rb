# frozen_string_literal: true

module ::Emancipasso
  # The acting user as the directory service receives it in X-Directory-User (ActingUser in the
  # service's src/contract/acting-user.ts): who acts, and the forum's answers about what they
  # may do. Never the user's groups: the header stays small whatever the user belongs to.
  # nil for an anonymous visitor.
  module ActingUser
    module_function

    # guardian: the request's Discourse Guardian (ApplicationController#guardian).
    def from(guardian)
      user = guardian.user
      return nil if user.nil?

      {
        id: user.id,
        username: user.username,
        locale: user.effective_locale.to_s,
        trust_level: user.trust_level.to_i,
        admin: user.admin? ? true : false,
        moderator: user.moderator? ? true : false,
        directory_moderator: category_moderator?(guardian, SiteSetting.emancipasso_directory_category),
        cofunding_moderator: category_moderator?(guardian, SiteSetting.emancipasso_cofunding_category),
      }
    end

    # Whether the user may review applications to the directory: staff, or a moderator of the
    # directory category. The service applies the same rule to the flags it receives.
    def reviews_directory?(guardian)
      return false if guardian.user.nil?

      guardian.is_staff? || category_moderator?(guardian, SiteSetting.emancipasso_directory_category)
    end

    # Whether the user moderates the category a setting names, as Discourse decides it:
    # Guardian#is_category_group_moderator? (lib/guardian.rb) is true when category group
    # moderation is on (enable_category_group_moderation) and the user belongs to one of the
    # category's moderation groups; it is false for staff outside those groups. A setting left
    # empty, or naming a category that no longer exists, gives false.
    def category_moderator?(guardian, category_setting)
      return false if category_setting.blank?

      category = ::Category.find_by(id: category_setting.to_i)
      guardian.is_category_group_moderator?(category) ? true : false
    end
  end
end
