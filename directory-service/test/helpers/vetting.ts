// Valid applications for the vetting tests, built field by field, and the users each role
// boundary is tested with.
import type {
  ActingUser,
  ApplicationView,
  ReferenceInput,
  StructureCard,
} from "../../src/contract/index.ts";
import { MEMBER, type TestService } from "./service.ts";

export const OWNER: ActingUser = { ...MEMBER, id: 10, username: "Camille_Coop" };
export const TEAMMATE: ActingUser = { ...MEMBER, id: 11, username: "dominique" };
export const OTHER_MEMBER: ActingUser = { ...MEMBER, id: 12, username: "eve" };
export const DIRECTORY_MODERATOR: ActingUser = {
  ...MEMBER,
  id: 13,
  username: "modo",
  directory_moderator: true,
};
export const STAFF_MODERATOR: ActingUser = { ...MEMBER, id: 14, username: "staffmod", moderator: true };

/** Hand-checked SIRENs (Luhn sum 40 and 20) and RNA numbers. */
export const VALID_SIREN = "732829320";
export const VALID_SIREN_2 = "552100554";
export const VALID_RNA = "W751234567";
export const VALID_RNA_CORSICA = "W2A1002345";

export function structure(overrides: Partial<StructureCard> = {}): StructureCard {
  return {
    name: "Coopérative Libre Élan",
    structure_type: "cooperative",
    headcount: 4,
    location: { city: "Rennes", department: "35", region: "53" },
    coverage: { national: false, regions: ["53"], departments: [] },
    modalities: ["sur-site", "a-distance"],
    support_kinds: ["diagnostic", "migration", "formation"],
    association_sizes: ["petite", "moyenne"],
    tools: ["Nextcloud"],
    price_models: ["devis"],
    description: "Nous accompagnons les associations vers des outils libres.",
    website: "https://elan.example.org",
    contact_email: "contact@elan.example.org",
    memberships: ["CHATONS"],
    ...overrides,
  };
}

export function reference(index: number, overrides: Partial<ReferenceInput> = {}): ReferenceInput {
  return {
    association_name: `Association des Amis ${index}`,
    association_number: index % 2 === 0 ? VALID_SIREN : VALID_RNA,
    referee_name: `Référente ${index}`,
    referee_email: `referente${index}@asso${index}.example.net`,
    project_summary: "Migration de la messagerie et formation des bénévoles.",
    period: { start: "2025-01", end: "2025-06" },
    support_kinds: ["diagnostic", "migration"],
    ...overrides,
  };
}

export const fullDraft = () => ({ structure: structure(), references: [reference(1), reference(2)] });

export async function createApplication(
  service: TestService,
  user: ActingUser = OWNER,
  draft: unknown = fullDraft()
): Promise<ApplicationView> {
  const { status, body } = await service.json<ApplicationView>("/v1/applications", {
    method: "POST",
    user,
    contentType: "application/json",
    body: JSON.stringify(draft),
  });
  if (status !== 201) throw new Error(`create failed: ${status} ${JSON.stringify(body)}`);
  return body;
}

export async function submitApplication(service: TestService, id: number, user: ActingUser = OWNER) {
  return service.json<ApplicationView>(`/v1/applications/${id}/submit`, { method: "POST", user });
}

/** Everything vetting stores, to show that a refused request changed nothing. */
export function vettingSnapshot(service: TestService): unknown {
  const tables = [
    "vetting_applications",
    "vetting_team_members",
    "vetting_team_invitations",
    "vetting_references",
    "vetting_reference_tokens",
    "vetting_events",
    "vetting_proconnect_logins",
    "outbox",
  ];
  return Object.fromEntries(
    tables.map((table) => [table, service.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()])
  );
}
