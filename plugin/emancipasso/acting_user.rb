# frozen_string_literal: true

module ::Emancipasso
  # The acting user as the directory service receives it in X-Directory-User (ActingUser in the
  # service's contract). Built from Discourse's current_user; nil for an anonymous visitor.
  module ActingUser
    module_function

    def from(user)
      return nil if user.nil?

      {
        id: user.id,
        username: user.username,
        admin: user.admin? ? true : false,
        moderator: user.moderator? ? true : false,
        groups: user.groups.pluck(:name),
        trust_level: user.trust_level.to_i,
        locale: user.effective_locale.to_s,
      }
    end
  end
end
