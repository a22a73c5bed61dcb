// Valid provider records for tests, built field by field so each test says what matters.
import type { ProviderImportRecord } from "../../src/contract/index.ts";

let counter = 0;

export function makeProvider(overrides: Partial<ProviderImportRecord> = {}): ProviderImportRecord {
  counter += 1;
  const slug = overrides.slug ?? `prestataire-${counter}`;
  return {
    slug,
    name: `Prestataire ${counter}`,
    structure_type: "association",
    headcount: 3,
    location: { city: "Rennes", department: "35", region: "53" },
    coverage: { national: false, regions: [], departments: [] },
    modalities: ["sur-site"],
    support_kinds: ["diagnostic"],
    association_sizes: ["petite"],
    tools: ["Nextcloud"],
    price_models: ["devis"],
    description: "Accompagnement des associations vers des outils libres.",
    website: `https://${slug}.example.org`,
    contact_email: `contact@${slug}.example.org`,
    example_projects: [
      {
        association: "Les Amis du Quartier",
        summary: "Migration de l'agenda partagé.",
        year: 2024,
      },
    ],
    memberships: [],
    status: "listed",
    vetting_tags: [],
    ...overrides,
  };
}
