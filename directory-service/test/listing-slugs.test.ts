// A provider record belongs to one source: a structure listed through vetting and review
// never takes the slug (and so the card) of another provider, imported or listed; an import
// never rewrites the card of a structure listed through vetting. Real service, signed HTTP,
// SQLite file, structures listed through the real questionnaire and review.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Provider } from "../src/contract/index.ts";
import { providersToCsv } from "../src/domain/provider-csv.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { actNow, applicationInReview, acceptAll, getReview, listedProviderWithTeam } from "./helpers/review.ts";
import { ADMIN, MEMBER, expectErrorShape, startTestService, type TestService } from "./helpers/service.ts";
import { DIRECTORY_MODERATOR, OWNER, reference, structure } from "./helpers/vetting.ts";

const IMPORT = "/v1/admin/providers/import";
const EXPORT = "/v1/admin/providers/export";

let service: TestService;
beforeEach(async () => {
  service = await startTestService();
});
afterEach(() => service.close());

const applicant = (id: number, username: string) => ({ ...MEMBER, id, username });
const card = async (slug: string) => service.json<unknown>(`/v1/providers/${slug}`, { user: MEMBER });
const providerRows = () => service.db.prepare("SELECT slug, record, updated_at FROM providers ORDER BY slug").all();
const written = () => ({
  providers: providerRows(),
  hand: service.db.prepare("SELECT * FROM provider_hand_vetting ORDER BY provider_slug").all(),
  listings: service.db.prepare("SELECT * FROM review_listings ORDER BY application_id").all(),
});

function importJson(records: unknown) {
  return service.json(IMPORT, { method: "POST", user: ADMIN, contentType: "application/json", body: JSON.stringify(records) });
}
function importCsv(csv: string) {
  return service.json(IMPORT, { method: "POST", user: ADMIN, contentType: "text/csv; charset=utf-8", body: csv });
}
async function exported(): Promise<Provider[]> {
  return Provider.array().parse((await service.json(EXPORT, { user: ADMIN })).body);
}

describe("an approved structure never takes another provider's slug", () => {
  it("an imported provider of the same name keeps its card; the structure is listed under a free suffix", async () => {
    const imported = {
      ...makeProvider({ slug: "coop-libre-armor", name: "Coop Libre Armor", description: "Le prestataire importé." }),
      hand_vetted: { decided_at: "2024-03-01T10:00:00+01:00", decided_by: "equipe-framasoft" },
    };
    // "-2" is taken by another imported provider: the next free one is "-3".
    expect((await importJson([imported, makeProvider({ slug: "coop-libre-armor-2" })])).status).toBe(200);
    const before = providerRows();

    const slug = await listedProviderWithTeam(service, DIRECTORY_MODERATOR, applicant(40, "gerante-armor"), "Coop Libre Armor");
    expect(slug).toBe("coop-libre-armor-3");
    // The imported records are byte for byte what they were.
    const after = providerRows() as { slug: string }[];
    expect(after.filter((row) => row.slug !== slug)).toEqual(before);
    const importedCard = Provider.parse((await card("coop-libre-armor")).body);
    expect(importedCard.description).toBe("Le prestataire importé.");
    expect(importedCard.vetting_tags.map((tag) => tag.key)).toEqual(["verifie-avant-annuaire"]);
    // The listed structure's own card: its references, not the import's hand vetting.
    const listed = Provider.parse((await card(slug)).body);
    expect(listed.name).toBe("Coop Libre Armor");
    expect(listed.vetting_tags.map((tag) => tag.key)).toContain("references-verifiees");
    expect(listed.vetting_tags.map((tag) => tag.key)).not.toContain("verifie-avant-annuaire");
  });

  it("an application's review does not borrow the hand vetting of an imported namesake", async () => {
    const imported = {
      ...makeProvider({ slug: "cooperative-libre-elan", name: "Coopérative Libre Élan" }),
      hand_vetted: { decided_at: "2024-03-01T10:00:00+01:00", decided_by: "equipe-framasoft" },
    };
    expect((await importJson([imported])).status).toBe(200);
    const id = await applicationInReview(service);
    expect((await getReview(service, id, DIRECTORY_MODERATOR)).tags).toEqual([]);
  });

  it("two structures of the same name get two cards", async () => {
    const first = await listedProviderWithTeam(service, DIRECTORY_MODERATOR, applicant(41, "premiere"), "Atelier Numérique");
    const second = await listedProviderWithTeam(service, DIRECTORY_MODERATOR, applicant(42, "seconde"), "Atelier Numérique");
    expect([first, second]).toEqual(["atelier-numerique", "atelier-numerique-2"]);
    expect((await exported()).map((p) => p.slug)).toEqual(["atelier-numerique", "atelier-numerique-2"]);
  });

  it("suspension, re-approval and re-verification keep the structure's own slug", async () => {
    const owner = applicant(43, "gerante-suite");
    await importJson([makeProvider({ slug: "coop-suite", name: "Coop Suite" })]);
    const slug = await listedProviderWithTeam(service, DIRECTORY_MODERATOR, owner, "Coop Suite");
    expect(slug).toBe("coop-suite-2");
    const id = (await service.json<{ application: { id: number } }>("/v1/structures/mine", { user: owner })).body.application.id;
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "suspend", reason: "Vérification en cours." });
    await actNow(service, id, DIRECTORY_MODERATOR, { action: "reopen" });
    const back = await actNow(service, id, DIRECTORY_MODERATOR, { action: "approve" });
    expect(back.listing).toMatchObject({ slug: "coop-suite-2", status: "listed" });
    // Re-verification: new answers accepted, the same card updated.
    service.clock.now += 25 * 30 * 24 * 3600 * 1000;
    const asked = await service.json(`/v1/applications/${id}/reverification`, { method: "POST", user: owner });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect((await getReview(service, id, DIRECTORY_MODERATOR)).listing?.slug).toBe("coop-suite-2");
    expect((await exported()).map((p) => [p.slug, p.name])).toEqual([
      ["coop-suite", makeProvider({ slug: "coop-suite", name: "Coop Suite" }).name],
      ["coop-suite-2", "Coop Suite"],
    ]);
    expect(service.db.prepare("SELECT COUNT(*) FROM review_listings").pluck().get()).toBe(1);
  });
});

describe("an import never rewrites a structure listed through vetting", () => {
  it("a changed record on a listed structure's slug is refused with its row and field; nothing is written", async () => {
    const slug = await listedProviderWithTeam(service, DIRECTORY_MODERATOR, applicant(44, "gerante-elan"), "Coopérative Libre Élan");
    const before = written();
    const listed = (await exported()).find((p) => p.slug === slug)!;
    const takeover = { ...listed, name: "Coopérative Libre Élan (reprise)", vetting_tags: [] };
    const { status, body } = await importJson([makeProvider({ slug: "nouvelle" }), takeover]);
    expect(status).toBe(422);
    const error = expectErrorShape(body);
    expect(error.code).toBe("invalid_import");
    expect(error.details).toEqual([
      expect.objectContaining({ row: 2, field: "slug", code: "slug_listed_through_vetting", params: { slug } }),
    ]);
    expect(written()).toEqual(before);

    // Claiming hand vetting for it is a change too.
    const hand = await importJson([{ ...listed, hand_vetted: { decided_at: "2024-03-01T10:00:00+01:00", decided_by: "x" } }]);
    expect(hand.status).toBe(422);
    expect(expectErrorShape(hand.body).details.map((d) => `${d.row}:${d.field}:${d.code}`)).toEqual(["1:slug:slug_listed_through_vetting"]);
    expect(written()).toEqual(before);

    // The same in a CSV file (the header is row 1).
    const csv = providersToCsv([makeProvider({ slug: "autre" }), { ...listed, description: "Réécrite." }]);
    const refused = await importCsv(csv);
    expect(refused.status).toBe(422);
    expect(expectErrorShape(refused.body).details.map((d) => `${d.row}:${d.field}:${d.code}`)).toEqual(["3:slug:slug_listed_through_vetting"]);
    expect(written()).toEqual(before);
    expect(Provider.parse((await card(slug)).body).name).toBe("Coopérative Libre Élan");
  });

  it("the whole export imports back as it is: a listed structure's unchanged record is left alone", async () => {
    await importJson([makeProvider({ slug: "importe", name: "Importé" })]);
    await listedProviderWithTeam(service, DIRECTORY_MODERATOR, applicant(45, "gerante-ronde"), "Coop Ronde");
    const all = await exported();
    const before = written();
    service.clock.now += 24 * 3600 * 1000;
    const again = await importJson(all);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual({ created: 0, updated: 2 });
    expect(written()).toEqual(before);
    const csv = await service.request(`${EXPORT}?format=csv`, { user: ADMIN });
    const fromCsv = await importCsv(Buffer.from(await csv.arrayBuffer()).toString("utf8"));
    expect(fromCsv.status, JSON.stringify(fromCsv.body)).toBe(200);
    expect(written()).toEqual(before);
  });

  it("an application not yet listed reserves no slug: an import may use it, and the approval then takes the next one", async () => {
    const draft = {
      structure: structure({ name: "Coop Plus Tard" }),
      references: [reference(1, { referee_email: "r1@plus-tard.example.net" }), reference(2, { referee_email: "r2@plus-tard.example.net" })],
    };
    const id = await applicationInReview(service, undefined, draft, OWNER);
    expect((await importJson([makeProvider({ slug: "coop-plus-tard" })])).status).toBe(200);
    await acceptAll(service, id, DIRECTORY_MODERATOR);
    const approved = await actNow(service, id, DIRECTORY_MODERATOR, { action: "approve" });
    expect(approved.listing?.slug).toBe("coop-plus-tard-2");
  });
});
