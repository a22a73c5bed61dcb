// schema.org description of a provider, for search engines (JSON-LD). Built from data,
// serialised with every "<" escaped so no value can close the <script> element.
import type { Provider } from "@emancipasso/directory-service/contract";

export interface ProviderJsonLd {
  "@context": "https://schema.org";
  "@type": "Organization" | "LocalBusiness";
  name: string;
  url: string;
  description?: string;
  sameAs?: string;
  email?: string;
  address: {
    "@type": "PostalAddress";
    addressLocality: string;
    addressRegion: string;
    addressCountry: "FR";
  };
  areaServed:
    | { "@type": "Country"; name: "France" }
    | { "@type": "AdministrativeArea"; name: string }[];
  numberOfEmployees?: { "@type": "QuantitativeValue"; value: number };
}

/** Businesses (companies, freelancers) are LocalBusiness; associations and co-ops Organization. */
const LOCAL_BUSINESS_TYPES = new Set(["entreprise", "independant"]);

export function providerJsonLd(
  provider: Provider,
  pageUrl: string,
  areaName: (kind: "regions" | "departments", code: string) => string
): ProviderJsonLd {
  const data: ProviderJsonLd = {
    "@context": "https://schema.org",
    "@type": LOCAL_BUSINESS_TYPES.has(provider.structure_type)
      ? "LocalBusiness"
      : "Organization",
    name: provider.name,
    url: pageUrl,
    address: {
      "@type": "PostalAddress",
      addressLocality: provider.location.city,
      addressRegion: areaName("departments", provider.location.department),
      addressCountry: "FR",
    },
    areaServed: provider.coverage.national
      ? { "@type": "Country", name: "France" }
      : [
          ...provider.coverage.regions.map((code) => areaName("regions", code)),
          ...provider.coverage.departments.map((code) =>
            areaName("departments", code)
          ),
        ].map((name) => ({ "@type": "AdministrativeArea" as const, name })),
  };
  if (provider.description) {
    data.description = provider.description.slice(0, 500);
  }
  if (provider.website) {
    data.sameAs = provider.website;
  }
  if (provider.contact_email) {
    data.email = provider.contact_email;
  }
  if (provider.headcount !== null) {
    data.numberOfEmployees = {
      "@type": "QuantitativeValue",
      value: provider.headcount,
    };
  }
  return data;
}

/** JSON safe to place inside <script>: "<", ">" and "&" become \u escapes (still valid JSON). */
export function serializeJsonLd(data: ProviderJsonLd): string {
  return JSON.stringify(data)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
