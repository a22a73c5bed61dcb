# frozen_string_literal: true

module ::Emancipasso
  # Rack middleware of the relay engine (and of it only): marks the request's body parameters
  # as already parsed, and empty. The relay forwards the body's bytes (request.raw_post) and
  # never reads params from it; without this, Rails would parse a JSON import into
  # params["_json"] and ActionController's log subscriber would write it, contact e-mails
  # included, on the "Parameters: {…}" line of the forum's log (request.filtered_parameters
  # filters by key name, and an imported record's keys are not secret names). A body Rails
  # cannot parse is not parsed either, so it is neither refused nor dumped at debug level.
  # "action_dispatch.request.request_parameters" is the key ActionDispatch::Request#POST reads
  # before parsing and #request_parameters= writes.
  class BodyUnparsed
    REQUEST_PARAMETERS = "action_dispatch.request.request_parameters"

    def initialize(app)
      @app = app
    end

    def call(env)
      env[REQUEST_PARAMETERS] = {}
      @app.call(env)
    end
  end
end
