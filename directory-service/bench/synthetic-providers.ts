// A large, varied directory for benchmarks: the demo providers recombined (names, places,
// offers and tools rotated) into as many distinct listed records as asked, each with its
// own French description and example projects generated from the demo prose
// (see french-text.ts). Seeded: every run builds the same directory.
import type { ProviderImportRecord } from "../src/contract/index.ts";
import { demoProse, demoProviders, FrenchTextModel, seededRandom } from "./french-text.ts";

export function syntheticProviders(count: number, seed = 1): ProviderImportRecord[] {
  const demo = demoProviders();
  const model = new FrenchTextModel(demoProse());
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = (i: number, step: number): ProviderImportRecord => demo[(i * step) % demo.length]!;
  return Array.from({ length: count }, (_, i) => {
    const base = pick(i, 1);
    const place = pick(i, 7);
    const offers = pick(i, 11);
    const tools = pick(i, 13);
    const paragraphs = Array.from({ length: between(1, 3) }, () => model.paragraph(random, between(1, 3)));
    return {
      ...base,
      slug: `${base.slug}-${i}`,
      name: `${base.name} ${i}`,
      location: place.location,
      coverage: place.coverage,
      support_kinds: offers.support_kinds,
      association_sizes: offers.association_sizes,
      modalities: offers.modalities,
      tools: tools.tools,
      description: paragraphs.join("\n\n"),
      example_projects: base.example_projects.map((project) => ({
        ...project,
        summary: model.sentence(random).slice(0, 2000),
      })),
      status: "listed",
    };
  });
}
