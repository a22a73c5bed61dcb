import type { Provider, ProviderSummary } from "../contract/index.ts";
import { excerptOf } from "../domain/excerpt.ts";

/** The search card of a provider: the record without its long fields, plus an excerpt. */
export function toSummary(provider: Provider): ProviderSummary {
  const { description, example_projects: _projects, contact_email: _email, ...card } = provider;
  return { ...card, excerpt: excerptOf(description) };
}
