// The referee's questionnaire over real signed HTTP, with the real outbox delivering to a
// real SMTP server on loopback: apply → invitations delivered → questionnaire answered →
// application in review; then every way a link or a form can be wrong.
import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApplicationView } from "../src/contract/index.ts";
import { deliverDueMail } from "../src/mail/outbox.ts";
import { sweepReferences, VettingStore } from "../src/store/vetting.ts";
import { enqueueMail } from "../src/mail/outbox.ts";
import { hashReferenceToken } from "../src/domain/reference-token.ts";
import { startSmtpSink, type SmtpSink } from "./helpers/smtp-sink.ts";
import { expectErrorShape, startTestService, type TestService } from "./helpers/service.ts";
import {
  DIRECTORY_MODERATOR,
  OWNER,
  createApplication,
  fullDraft,
  reference,
  structure,
  submitApplication,
  vettingSnapshot,
} from "./helpers/vetting.ts";

const FORUM = "https://forum.example.org";
const FROM = "Emancip'Asso <annuaire@example.org>";
const DAY = 24 * 3600 * 1000;

let service: TestService;
let smtp: SmtpSink;
beforeEach(async () => {
  smtp = await startSmtpSink();
  service = await startTestService({ vetting: { forumBaseUrl: FORUM } });
});
afterEach(async () => {
  await service.close();
  await smtp.close();
});

async function deliver() {
  const transport = nodemailer.createTransport(smtp.url);
  try {
    return await deliverDueMail({
      db: service.db,
      transport,
      from: FROM,
      now: () => new Date(service.clock.now),
    });
  } finally {
    transport.close();
  }
}

/** The questionnaire links delivered so far, by referee address (latest last). */
function linksIn(to: string): string[] {
  return smtp.received
    .filter((mail) => mail.to.includes(to))
    .flatMap((mail) => [...mail.text.matchAll(/https:\/\/forum\.example\.org\/annuaire\/reference\/([A-Za-z0-9_-]{43})/g)])
    .map((match) => match[1]!);
}

/** The relay's mapping: /annuaire/reference/<rest> → /v1/references/<rest>. */
const pathOf = (token: string, rest = "") => `/v1/references/${token}${rest}`;

async function page(token: string, query = "") {
  const response = await service.request(pathOf(token) + query);
  return { response, html: await response.text() };
}

function csrfIn(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error("no form token in the page");
  return match[1]!;
}

function post(token: string, fields: [string, string][], rest = "", headers: Record<string, string> = {}) {
  return service.request(pathOf(token, rest), {
    method: "POST",
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams(fields).toString(),
    headers,
  });
}

const goodAnswer = (csrf: string): [string, string][] => [
  ["csrf", csrf],
  ["project_happened", "yes"],
  ["period_start", "2025-01"],
  ["period_end", "2025-06"],
  ["phases", "diagnostic"],
  ["phases", "migration"],
  ["satisfaction", "5"],
  ["would_recommend", "yes"],
  ["comment", "Très bon accompagnement <b>vraiment</b>."],
  ["consent_retention", "yes"],
];

async function submittedApplication(draft = fullDraft()) {
  const app = await createApplication(service, OWNER, draft);
  const submitted = await submitApplication(service, app.id);
  expect(submitted.status).toBe(200);
  await deliver();
  return app.id;
}

const readApplication = async (id: number) =>
  ApplicationView.parse((await service.json(`/v1/applications/${id}`, { user: DIRECTORY_MODERATOR })).body);

describe("from application to review", () => {
  it("delivers the invitations, takes both answers, and puts the application in review", async () => {
    const id = await submittedApplication();
    const first = reference(1);
    const second = reference(2);
    // Invitations and the applicant's notice went through the real SMTP server.
    const invitation = smtp.received.find((mail) => mail.to.includes(first.referee_email))!;
    expect(invitation.subject).toContain("Coopérative Libre Élan");
    expect(smtp.received.some((mail) => mail.to.includes("contact@elan.example.org"))).toBe(true);
    const [token1] = linksIn(first.referee_email);
    const [token2] = linksIn(second.referee_email);
    expect(token1).toBeDefined();
    expect(token2).toBeDefined();
    expect(token1).not.toBe(token2);

    const shown = await page(token1!);
    expect(shown.response.status).toBe(200);
    expect(shown.response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(shown.html).toContain('<html lang="fr">');
    expect(shown.html).toContain(first.association_name);
    expect(shown.html).toContain("janvier 2025");

    const answered = await post(token1!, goodAnswer(csrfIn(shown.html)));
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain("Merci pour votre réponse");
    let view = await readApplication(id);
    expect(view.state).toBe("references_pending");
    expect(view.references.map((ref) => ref.state)).toEqual(["answered", "invited"]);
    expect(view.references[0]!.answer).toEqual({
      project_happened: true,
      period: { start: "2025-01", end: "2025-06" },
      phases: ["diagnostic", "migration"],
      satisfaction: 5,
      would_recommend: true,
      comment: "Très bon accompagnement <b>vraiment</b>.",
      consent_retention: true,
    });

    const second_page = await page(token2!);
    const noProject = await post(token2!, [
      ["csrf", csrfIn(second_page.html)],
      ["project_happened", "no"],
      ["comment", "Je ne connais pas cette structure."],
    ]);
    expect(noProject.status).toBe(200);
    view = await readApplication(id);
    expect(view.state).toBe("in_review");
    expect(view.references[1]!.answer!.project_happened).toBe(false);

    // The applicant is told: answers arrived, then the application is in review.
    await deliver();
    const toApplicant = smtp.received.filter((mail) => mail.to.includes("contact@elan.example.org"));
    expect(toApplicant.length).toBe(4); // submitted, answered ×2, in review
    const mine = ApplicationView.parse((await service.json(`/v1/applications/${id}`, { user: OWNER })).body);
    expect(mine.state).toBe("in_review");
    expect(mine.todo).toEqual([{ code: "wait_for_review" }]);
    expect(mine.references.every((ref) => ref.answer === null)).toBe(true);
  });

  it("a used link shows a clear 410 page and changes nothing, for reading and for posting", async () => {
    await submittedApplication();
    const [token] = linksIn(reference(1).referee_email);
    const shown = await page(token!);
    const csrf = csrfIn(shown.html);
    expect((await post(token!, goodAnswer(csrf))).status).toBe(200);
    const before = vettingSnapshot(service);
    const again = await page(token!);
    expect(again.response.status).toBe(410);
    expect(again.html).toContain("déjà reçu une réponse");
    const repost = await post(token!, goodAnswer(csrf));
    expect(repost.status).toBe(410);
    const decline = await post(token!, [["csrf", csrf]], "/decline");
    expect(decline.status).toBe(410);
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("a declined questionnaire counts as settled; the last one settling puts the application in review", async () => {
    const id = await submittedApplication();
    const [token1] = linksIn(reference(1).referee_email);
    const [token2] = linksIn(reference(2).referee_email);
    const shown = await page(token1!);
    const declined = await post(token1!, [["csrf", csrfIn(shown.html)], ["reason", "Je ne suis plus bénévole."]], "/decline");
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain("Questionnaire décliné");
    expect((await page(token1!)).response.status).toBe(410);
    expect((await readApplication(id)).state).toBe("references_pending");
    const other = await page(token2!);
    await post(token2!, [["csrf", csrfIn(other.html)]], "/decline");
    const view = await readApplication(id);
    expect(view.state).toBe("in_review");
    expect(view.references.map((ref) => [ref.state, ref.decline_reason])).toEqual([
      ["declined", "Je ne suis plus bénévole."],
      ["declined", null],
    ]);
  });
});

describe("time: reminders and expiry", () => {
  it("reminds at the configured delays with a new link (the first still works), once per delay", async () => {
    await submittedApplication();
    const email = reference(1).referee_email;
    const options = service.db; // same file the service uses
    const sweep = (at: number) =>
      sweepReferences(options, new Date(at), {
        forumBaseUrl: FORUM,
        referenceLifetimeDays: 21,
        reminderDays: [7, 14],
        randomBytes: (size) => Buffer.from(crypto.getRandomValues(new Uint8Array(size))),
        enqueueMail,
      });
    const start = service.clock.now;
    expect(sweep(start + 6 * DAY)).toEqual({ reminded: 0, expired: 0, erased: 0 });
    expect(sweep(start + 7 * DAY)).toEqual({ reminded: 2, expired: 0, erased: 0 });
    expect(sweep(start + 8 * DAY)).toEqual({ reminded: 0, expired: 0, erased: 0 });
    service.clock.now = start + 8 * DAY;
    await deliver();
    const links = linksIn(email);
    expect(links).toHaveLength(2);
    expect(smtp.received.filter((mail) => mail.to.includes(email)).at(-1)!.subject).toMatch(/rappel/i);
    for (const token of links) expect((await page(token)).response.status).toBe(200);
    expect(sweep(start + 14 * DAY)).toEqual({ reminded: 2, expired: 0, erased: 0 });
    expect(sweep(start + 20 * DAY)).toEqual({ reminded: 0, expired: 0, erased: 0 });
    expect(sweep(start + 21 * DAY)).toEqual({ reminded: 0, expired: 2, erased: 0 });
    const states = service.db.prepare("SELECT state, reminders_sent FROM vetting_references").all();
    expect(states).toEqual([
      { state: "expired", reminders_sent: 2 },
      { state: "expired", reminders_sent: 2 },
    ]);
  });

  it("after a long pause, the reminders that fell due meanwhile go out as one mail", async () => {
    await submittedApplication();
    const start = service.clock.now;
    const sweep = (at: number) =>
      sweepReferences(service.db, new Date(at), {
        forumBaseUrl: FORUM,
        referenceLifetimeDays: 21,
        reminderDays: [7, 14],
        randomBytes: (size) => Buffer.from(crypto.getRandomValues(new Uint8Array(size))),
        enqueueMail,
      });
    expect(sweep(start + 15 * DAY)).toEqual({ reminded: 2, expired: 0, erased: 0 });
    expect(sweep(start + 15 * DAY + 60_000)).toEqual({ reminded: 0, expired: 0, erased: 0 });
    const reminders = service.db
      .prepare("SELECT COUNT(*) FROM outbox WHERE template = 'reference_reminder'")
      .pluck()
      .get();
    expect(reminders).toBe(2);
    expect(service.db.prepare("SELECT DISTINCT reminders_sent FROM vetting_references").pluck().all()).toEqual([2]);
  });

  it("an expired link shows 410 even if no sweep ran, and the expiry is then recorded", async () => {
    const id = await submittedApplication();
    const [token] = linksIn(reference(1).referee_email);
    const shown = await page(token!);
    service.clock.now += 21 * DAY;
    const expired = await page(token!);
    expect(expired.response.status).toBe(410);
    expect(expired.html).toContain("Ce lien a expiré");
    // Posting a form shown before the expiry is refused the same way.
    expect((await post(token!, goodAnswer(csrfIn(shown.html)))).status).toBe(410);
    const view = await readApplication(id);
    expect(view.references.map((ref) => ref.state)).toEqual(["expired", "expired"]);
    expect(view.state).toBe("in_review");
  });

  it("the link's lifetime is configurable", async () => {
    await service.close();
    smtp.received.length = 0;
    service = await startTestService({ vetting: { forumBaseUrl: FORUM, referenceLifetimeDays: 3 } });
    await submittedApplication();
    const [token] = linksIn(reference(1).referee_email);
    service.clock.now += 2 * DAY;
    expect((await page(token!)).response.status).toBe(200);
    service.clock.now += 1 * DAY;
    expect((await page(token!)).response.status).toBe(410);
  });
});

describe("tampering", () => {
  it("an unknown or malformed link is 404 with a page, and changes nothing", async () => {
    await submittedApplication();
    const [token] = linksIn(reference(1).referee_email);
    const before = vettingSnapshot(service);
    const flipped = token!.slice(0, -1) + (token!.endsWith("A") ? "B" : "A");
    for (const bad of [flipped, token!.slice(1), token! + "x", "abc", "proconnect"]) {
      const shown = await page(bad);
      expect(shown.response.status, bad).toBe(404);
      expect(shown.response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(shown.html).toContain("Lien introuvable");
      expect((await post(bad, [["csrf", "x"], ["project_happened", "no"]])).status).toBe(404);
    }
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("a form token that is missing, altered, from another reference or expired is refused (403), nothing changed", async () => {
    await submittedApplication();
    const [token1] = linksIn(reference(1).referee_email);
    const [token2] = linksIn(reference(2).referee_email);
    const csrf1 = csrfIn((await page(token1!)).html);
    const csrf2 = csrfIn((await page(token2!)).html);
    const before = vettingSnapshot(service);
    const [expires, mac] = csrf1.split(".");
    const cases: [string, [string, string][]][] = [
      ["missing", goodAnswer(csrf1).filter(([name]) => name !== "csrf")],
      ["other reference", goodAnswer(csrf2)],
      ["later expiry", goodAnswer(`${Number(expires) + 3600}.${mac}`)],
      ["altered mac", goodAnswer(`${expires}.${mac!.slice(0, -1)}${mac!.endsWith("A") ? "B" : "A"}`)],
      ["garbage", goodAnswer("not-a-token")],
      ["twice", [...goodAnswer(csrf1), ["csrf", csrf1]]],
    ];
    for (const [name, fields] of cases) {
      const response = await post(token1!, fields);
      expect(response.status, name).toBe(403);
      expect(await response.text()).toContain("Formulaire expiré");
    }
    service.clock.now += 2 * 3600 * 1000 + 1000;
    expect((await post(token1!, goodAnswer(csrf1))).status).toBe(403);
    expect((await post(token1!, [["csrf", csrf1]], "/decline")).status).toBe(403);
    expect(vettingSnapshot(service)).toEqual(before);
  });

  it("a link opens its own reference only: nothing of the other references, the team or the answers", async () => {
    const id = await submittedApplication();
    const [token1] = linksIn(reference(1).referee_email);
    const { html } = await page(token1!);
    expect(html).toContain(reference(1).association_name);
    expect(html).not.toContain(reference(2).association_name);
    expect(html).not.toContain(reference(2).referee_email);
    expect(html).not.toContain(reference(1).referee_email);
    expect(html).not.toContain(OWNER.username);
    // The referee acts anonymously through the relay: the applications API is closed to them.
    const api = await service.json(`/v1/applications/${id}`, { user: null });
    expect(api.status).toBe(401);
  });

  it("only a signed request reaches the questionnaire (the relay signs; a direct call is 401 JSON)", async () => {
    await submittedApplication();
    const [token] = linksIn(reference(1).referee_email);
    const response = await service.request(pathOf(token!), { unsigned: true });
    expect(response.status).toBe(401);
    expect(expectErrorShape(await response.json()).code).toBe("invalid_signature");
  });
});

describe("bad answers", () => {
  let token: string;
  let csrf: string;
  beforeEach(async () => {
    await submittedApplication();
    token = linksIn(reference(1).referee_email)[0]!;
    csrf = csrfIn((await page(token)).html);
  });

  const without = (fields: [string, string][], name: string) => fields.filter(([key]) => key !== name);
  const replace = (fields: [string, string][], name: string, value: string): [string, string][] => [
    ...without(fields, name),
    [name, value],
  ];

  const cases: [string, (csrf: string) => [string, string][], string, string][] = [
    ["no answer to 'did it happen'", (c) => without(goodAnswer(c), "project_happened"), "project_happened", "Ce champ est obligatoire."],
    ["'did it happen' neither yes nor no", (c) => replace(goodAnswer(c), "project_happened", "peut-être"), "project_happened", "Cette valeur n'est pas valide."],
    ["no start", (c) => without(goodAnswer(c), "period_start"), "period_start", "Ce champ est obligatoire."],
    ["start not a month", (c) => replace(goodAnswer(c), "period_start", "janvier"), "period_start", "Indiquez un mois au format AAAA-MM."],
    ["end in the future", (c) => replace(goodAnswer(c), "period_end", "2030-01"), "period_end", "Ce mois est dans le futur."],
    ["end before start", (c) => replace(goodAnswer(c), "period_end", "2024-01"), "period_end", "La fin ne peut pas précéder le début."],
    ["phase not claimed", (c) => [...goodAnswer(c), ["phases", "hebergement"]], "phases", "Choisissez parmi les étapes proposées."],
    ["phase not a key", (c) => [...goodAnswer(c), ["phases", "Not A Key"]], "phases", "Cette valeur n'est pas valide."],
    ["no satisfaction", (c) => without(goodAnswer(c), "satisfaction"), "satisfaction", "Ce champ est obligatoire."],
    ["satisfaction 6", (c) => replace(goodAnswer(c), "satisfaction", "6"), "satisfaction", "Cette valeur n'est pas valide."],
    ["no recommendation", (c) => without(goodAnswer(c), "would_recommend"), "would_recommend", "Ce champ est obligatoire."],
    ["comment too long", (c) => replace(goodAnswer(c), "comment", "x".repeat(4001)), "comment", "Ce texte est trop long."],
    ["consent not 'yes'", (c) => replace(goodAnswer(c), "consent_retention", "oui"), "consent_retention", "Cette valeur n'est pas valide."],
    ["satisfaction twice", (c) => [...goodAnswer(c), ["satisfaction", "4"]], "satisfaction", "Cette valeur n'est pas valide."],
  ];

  it.each(cases)("%s → 422, the form again with the error tied to its field, nothing changed", async (_name, fields, field, message) => {
    const before = vettingSnapshot(service);
    const response = await post(token, fields(csrf));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(vettingSnapshot(service)).toEqual(before);
    // The summary links to the field; the field says it is invalid and points to its message.
    expect(html).toContain('role="alert"');
    expect(html).toContain(`<a href="#${field}">`);
    expect(html).toContain(`<p class="error" id="${field}-error">`);
    expect(html).toMatch(new RegExp(`aria-describedby="[^"]*${field}-error`));
    expect(html).toMatch(new RegExp(`name="${field}"[^>]*aria-invalid="true"|id="${field}"[^>]*aria-invalid="true"`));
    expect(html).toContain(message.replace(/'/g, "&#39;"));
    // What was typed is kept (the comment at least).
    if (field !== "comment") expect(html).toContain("Très bon accompagnement &lt;b&gt;vraiment&lt;/b&gt;.");
  });

  it("an unknown field (400), a body that is not a form (415) or not UTF-8 (400) changes nothing", async () => {
    const before = vettingSnapshot(service);
    expect((await post(token, [...goodAnswer(csrf), ["admin", "1"]])).status).toBe(400);
    const json = await service.request(pathOf(token), {
      method: "POST",
      contentType: "application/json",
      body: JSON.stringify({ csrf, project_happened: "no" }),
    });
    expect(json.status).toBe(415);
    expect(await json.text()).toContain("<html");
    const latin1 = await service.request(pathOf(token), {
      method: "POST",
      contentType: "application/x-www-form-urlencoded",
      body: Buffer.from([0x63, 0x3d, 0xe9]),
    });
    expect(latin1.status).toBe(400);
    expect((await page(token, "?lang=de")).response.status).toBe(400);
    expect((await page(token, "?debug=1")).response.status).toBe(400);
    const longReason = await post(token, [["csrf", csrf], ["reason", "x".repeat(1001)]], "/decline");
    expect(longReason.status).toBe(422);
    expect(vettingSnapshot(service)).toEqual(before);
  });
});

describe("the page", () => {
  let token: string;
  beforeEach(async () => {
    await submittedApplication();
    token = linksIn(reference(1).referee_email)[0]!;
  });

  it("has strict security headers: CSP without any script, the one style by hash, no referrer, no cache", async () => {
    const { response, html } = await page(token);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(html).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    // The hash in the header is the hash of the page's one style element.
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const { createHash } = await import("node:crypto");
    expect(csp).toContain(`'sha256-${createHash("sha256").update(style).digest("base64")}'`);
  });

  it("is labelled and grouped for assistive technologies, and readable on a phone", async () => {
    const { html } = await page(token);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    // Every text, month and textarea field has a label pointing to it.
    const ids = [...html.matchAll(/<(?:input|textarea)[^>]*\sid="([^"]+)"[^>]*>/g)]
      .filter((match) => !/type="(radio|checkbox|hidden)"/.test(match[0]))
      .map((match) => match[1]);
    expect(ids.length).toBeGreaterThan(2);
    for (const id of ids) expect(html).toContain(`<label class="field" for="${id}">`);
    // Radios and checkboxes sit inside their label, in a fieldset with a legend.
    expect((html.match(/<fieldset/g) ?? []).length).toBe((html.match(/<legend>/g) ?? []).length);
    expect((html.match(/<fieldset/g) ?? []).length).toBeGreaterThanOrEqual(5);
    for (const match of html.matchAll(/<input type="(radio|checkbox)"/g))
      expect(html.slice(Math.max(0, match.index - 30), match.index)).toContain("<label");
    // Only the kinds of support claimed for this reference are offered as phases.
    expect([...html.matchAll(/name="phases" value="([^"]+)"/g)].map((m) => m[1])).toEqual(["diagnostic", "migration"]);
  });

  it("speaks English with ?lang=en, with a link back to French", async () => {
    const { html } = await page(token, "?lang=en");
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Reference questionnaire");
    expect(html).toContain("January 2025");
    expect(html).toContain('<a href="?lang=fr" lang="fr" hreflang="fr">Lire en français</a>');
    const french = await page(token);
    expect(french.html).toContain('<a href="?lang=en" lang="en" hreflang="en">Read in English</a>');
  });

  it("escapes what the provider wrote", async () => {
    await service.close();
    smtp.received.length = 0;
    service = await startTestService({ vetting: { forumBaseUrl: FORUM } });
    await submittedApplication({
      structure: structure({ name: '<img src=x onerror="alert(1)">' }),
      references: [reference(1, { project_summary: "</dd><script>alert(1)</script>" }), reference(2)],
    });
    const [hostile] = linksIn(reference(1).referee_email);
    const { html } = await page(hostile!);
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("rate limits", () => {
  it("per link and per client address (last X-Forwarded-For entry), 429 with Retry-After", async () => {
    await service.close();
    smtp.received.length = 0;
    service = await startTestService({
      vetting: { forumBaseUrl: FORUM, questionnaireRateLimit: { windowMs: 60_000, perToken: 3, perAddress: 5 } },
    });
    await submittedApplication();
    const [token1] = linksIn(reference(1).referee_email);
    const [token2] = linksIn(reference(2).referee_email);
    const from = (address: string) => ({ headers: { "X-Forwarded-For": address } });
    for (let i = 0; i < 3; i += 1)
      expect((await service.request(pathOf(token1!), from("203.0.113.1"))).status).toBe(200);
    const limited = await service.request(pathOf(token1!), from("203.0.113.2"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Trop de demandes");
    // Another link from the first address: allowed until that address has made 5 requests.
    expect((await service.request(pathOf(token2!), from("203.0.113.1"))).status).toBe(200);
    expect((await service.request(pathOf(token2!), from("203.0.113.1"))).status).toBe(200);
    expect((await service.request(pathOf(token2!), from("198.51.100.7, 203.0.113.1"))).status).toBe(429);
    // A client cannot pick its address: only the relay's last entry counts.
    expect((await service.request(pathOf(token2!), from("203.0.113.1, 198.51.100.9"))).status).toBe(200);
  });
});

describe("store guards", () => {
  it("an answer is refused by the state machine when the reference is not open (nothing written)", async () => {
    await submittedApplication();
    const [token] = linksIn(reference(1).referee_email);
    const store = new VettingStore(service.db, {
      forumBaseUrl: FORUM,
      referenceLifetimeDays: 21,
      reminderDays: [],
      randomBytes: () => Buffer.alloc(32),
      enqueueMail,
    });
    const ref = store.referenceByTokenHash(hashReferenceToken(token!))!;
    store.decline(ref.id, "", service.clock.now);
    const before = vettingSnapshot(service);
    expect(() =>
      store.answer(ref.id, {
        project_happened: false,
        period: null,
        phases: [],
        satisfaction: null,
        would_recommend: null,
        comment: "",
        consent_retention: false,
      }, service.clock.now)
    ).toThrow(/declined/);
    expect(vettingSnapshot(service)).toEqual(before);
  });
});
