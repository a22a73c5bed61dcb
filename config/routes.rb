# frozen_string_literal: true

# Loaded by Rails as the engine's routes file (and reloaded with the application's routes), as
# in discourse-plugin-skeleton's config/routes.rb.

# The allow-list of the relay: only these requests reach the directory service. Anything else
# under /directory-api answers 404 in the contract's error shape without calling it.
# `format: false` keeps Rails from reading ".json" or ".csv" off a path: paths pass as written.
Emancipasso::Engine.routes.draw do
  scope format: false do
    get "v1/providers" => "proxy#forward"
    # Forum members (the service's src/contract/members.ts): which posters speak for a listed
    # provider (the vetting chip), and a listed provider's team usernames ("Contacter").
    get "v1/providers/by-members" => "proxy#forward"
    get "v1/providers/:slug/team" => "proxy#forward",
        :constraints => {
          slug: Emancipasso::Engine::SLUG_FORMAT,
        }
    get "v1/providers/:slug" => "proxy#forward",
        :constraints => {
          slug: Emancipasso::Engine::SLUG_FORMAT,
        }
    get "v1/taxonomies" => "proxy#forward"
    post "v1/admin/providers/import" => "proxy#import"
    get "v1/admin/providers/imports/:id" => "proxy#forward",
        :constraints => {
          id: /[0-9a-f-]{36}/,
        }
    get "v1/admin/providers/export" => "proxy#forward"

    # Vetting (docs/product.md, "Vetting"): a member's application and team. The service
    # decides who may do what; ids are checked here only for their shape.
    get "v1/structures/mine" => "proxy#forward"
    post "v1/applications" => "proxy#forward"
    get "v1/applications" => "proxy#forward"
    get "v1/applications/:id" => "proxy#forward", :constraints => { id: /\d{1,15}/ }
    put "v1/applications/:id/draft" => "proxy#forward", :constraints => { id: /\d{1,15}/ }
    post "v1/applications/:id/submit" => "proxy#forward", :constraints => { id: /\d{1,15}/ }
    post "v1/structures/:id/invitations" => "proxy#forward", :constraints => { id: /\d{1,15}/ }
    post "v1/structures/:id/invitations/accept" => "proxy#forward",
         :constraints => {
           id: /\d{1,15}/,
         }
    # The moderators' review queue (the service's src/contract/review.ts).
    get "v1/review/queue" => "proxy#forward"
    get "v1/review/applications/:id" => "proxy#forward", :constraints => { id: /[1-9][0-9]{0,15}/ }
    post "v1/review/applications/:id/actions" => "proxy#forward",
         :constraints => {
           id: /[1-9][0-9]{0,15}/,
         }
    get "v1/review/pending-count" => "proxy#forward"
    # Co-funding (docs/cofunding.md): campaigns keyed by their forum topic id. Writes carry an
    # Idempotency-Key header, forwarded as sent; the split plan also answers as CSV.
    constraints(topic_id: /[0-9]{1,10}/, quote_id: /[0-9]{1,18}/) do
      post "v1/cofunding/campaigns" => "proxy#forward"
      get "v1/cofunding/campaigns/:topic_id" => "proxy#forward"
      patch "v1/cofunding/campaigns/:topic_id" => "proxy#forward"
      post "v1/cofunding/campaigns/:topic_id/transitions" => "proxy#forward"
      put "v1/cofunding/campaigns/:topic_id/visibility" => "proxy#forward"
      put "v1/cofunding/campaigns/:topic_id/pledges/mine" => "proxy#forward"
      delete "v1/cofunding/campaigns/:topic_id/pledges/mine" => "proxy#forward"
      post "v1/cofunding/campaigns/:topic_id/quotes" => "proxy#forward"
      post "v1/cofunding/campaigns/:topic_id/quotes/:quote_id/choose" => "proxy#forward"
      get "v1/cofunding/campaigns/:topic_id/split-plan" => "proxy#forward"
      get "v1/cofunding/campaigns/:topic_id/audit" => "proxy#forward"
    end
    get "v1/cofunding/pledges/mine" => "proxy#forward"

    match "/" => "proxy#not_found", :via => :all
    match "*path" => "proxy#not_found", :via => :all
  end
end

Discourse::Application.routes.draw do
  # The browser talks only to the forum; the engine relays to the directory service, signed.
  mount Emancipasso::Engine, at: "/directory-api"

  # The referee's questionnaire (the link mailed to them): the only pages whose HTML comes from
  # the service, relayed to /v1/references/... (see Emancipasso::QuestionnaireController).
  scope format: false do
    get "/annuaire/reference/proconnect/callback" => "emancipasso/questionnaire#callback"
    constraints token: Emancipasso::Engine::REFERENCE_TOKEN_FORMAT do
      get "/annuaire/reference/:token" => "emancipasso/questionnaire#forward"
      post "/annuaire/reference/:token" => "emancipasso/questionnaire#forward"
      post "/annuaire/reference/:token/decline" => "emancipasso/questionnaire#forward"
      get "/annuaire/reference/:token/proconnect" => "emancipasso/questionnaire#forward"
    end
  end

  # Pages drawn by the Ember app (assets/javascripts/discourse/*-route-map.js): the server only
  # answers a direct visit or a reload with the forum's application shell.
  get "/annuaire" => "emancipasso/pages#show", :format => false
  get "/annuaire/moderation" => "emancipasso/pages#show", :format => false
  get "/annuaire/moderation/:id" => "emancipasso/pages#show",
      :format => false,
      :constraints => {
        id: /[1-9][0-9]{0,15}/,
      }
  get "/annuaire/:slug" => "emancipasso/pages#show",
      :format => false,
      :constraints => {
        slug: Emancipasso::Engine::SLUG_FORMAT,
      }
  # Co-funding: the request form and a member's pledges.
  get "/cofinancement/nouveau" => "emancipasso/pages#show", :format => false
  get "/cofinancement/mes-engagements" => "emancipasso/pages#show", :format => false
end
