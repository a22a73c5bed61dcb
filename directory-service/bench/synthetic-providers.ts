// A large, varied directory for benchmarks: the demo providers recombined (names, places,
// offers and tools rotated) into as many distinct listed records as asked.
import { readFileSync } from "node:fs";
import type { ProviderImportRecord } from "../src/contract/index.ts";
import { DEMO_PROVIDERS_PATH } from "../src/service.ts";

export function syntheticProviders(count: number): ProviderImportRecord[] {
  const demo = JSON.parse(readFileSync(DEMO_PROVIDERS_PATH, "utf8")) as ProviderImportRecord[];
  const pick = <T>(i: number, step: number): T => demo[(i * step) % demo.length] as T;
  return Array.from({ length: count }, (_, i) => {
    const base = pick<ProviderImportRecord>(i, 1);
    const place = pick<ProviderImportRecord>(i, 7);
    const offers = pick<ProviderImportRecord>(i, 11);
    const tools = pick<ProviderImportRecord>(i, 13);
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
      status: "listed",
    };
  });
}
