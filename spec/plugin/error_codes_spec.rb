# frozen_string_literal: true

require_relative "../rails_helper"

# Every error code the relay answers with itself must be a top-level code of the contract
# (ErrorCode in directory-service/src/contract/errors.ts), so that the front end and the
# service's clients know it and have a client string for it.
RSpec.describe "Error codes the relay can answer" do
  let(:contract_codes) do
    source = File.read(File.join(PLUGIN_ROOT, "directory-service/src/contract/errors.ts"))
    enum = source[/export const ErrorCode = z\.enum\(\[(.*?)\]\)/m, 1]
    raise "ErrorCode enum not found in errors.ts" unless enum
    enum.gsub(%r{//[^\n]*}, "").scan(/"([a-z_]+)"/).flatten
  end

  # Each render_directory_error(status, "code") in the relay's controllers.
  let(:relay_codes) do
    Dir[File.join(PLUGIN_ROOT, "app/controllers/emancipasso/*.rb")].flat_map do |file|
      File.read(file).scan(/render_directory_error\(\s*\d{3},\s*"([a-z_]+)"\s*\)/).flatten
    end.uniq
  end

  it "finds the relay's codes and the contract's enum" do
    expect(relay_codes).to contain_exactly(
      "not_found",
      "service_unavailable",
      "service_not_configured",
      "service_timeout",
    )
    expect(contract_codes).to include("bad_request", "internal_error")
  end

  it "answers only codes of the contract's ErrorCode enum" do
    expect(relay_codes - contract_codes).to be_empty
  end

  it "has a server message for each of them, in French and in English" do
    relay_codes.each do |code|
      %i[fr en].each do |locale|
        expect(I18n.with_locale(locale) { I18n.t("emancipasso.errors.#{code}", raise: true) }).to be_present
      end
    end
  end
end
