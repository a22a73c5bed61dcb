// Red flags of vetting (docs/product.md, "Category moderators"): facts that do not prove
// anything wrong but that a moderator should check by hand, each said in a sentence
// (French and English) naming what to check. Pure: the other applications' referees and
// association numbers, and the settings, are handed in.
import type { RedFlag, RedFlagCode, ReferenceView, StructureDraft } from "../contract/index.ts";
import { periodMatches, type CriteriaSettings } from "./criteria.ts";

export interface RedFlagSettings extends CriteriaSettings {
  /** An answer sent sooner than this after the invitation is suspicious (default 120 s). */
  fastAnswerSeconds: number;
}

export const DEFAULT_FAST_ANSWER_SECONDS = 120;

/**
 * What other providers' applications declare, by lower-case e-mail and upper-case number
 * (erased referees' addresses are not among them).
 */
export interface OtherApplications {
  providersByRefereeEmail: ReadonlyMap<string, readonly string[]>;
  providersByAssociationNumber: ReadonlyMap<string, readonly string[]>;
}

/**
 * Mail domains shared by many people: a referee at the same webmail as the provider's
 * contact says nothing about who they are.
 */
const SHARED_MAIL_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com", "outlook.fr",
  "outlook.com", "live.fr", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "gmx.fr",
  "gmx.com", "protonmail.com", "proton.me", "icloud.com", "riseup.net", "disroot.org", "tutanota.com",
  "zaclys.net", "mailo.com", "aliceadsl.fr", "bbox.fr", "neuf.fr",
]);

type Params = RedFlag["params"];

const SENTENCES: Record<RedFlagCode, { fr: (p: Params) => string; en: (p: Params) => string }> = {
  referee_on_provider_domain: {
    fr: (p) => `L'adresse de la personne référente (${p.email}) est sur le domaine du prestataire (${p.domain}) : vérifiez qu'elle appartient bien à l'association ${p.association}.`,
    en: (p) => `The referee's address (${p.email}) is on the provider's own domain (${p.domain}): check that it really belongs to the association ${p.association}.`,
  },
  referee_is_applicant: {
    fr: (p) => `L'adresse de la personne référente (${p.email}) est celle du prestataire lui-même : la référence ne vient pas de l'association ${p.association}.`,
    en: (p) => `The referee's address (${p.email}) is the provider's own: the reference does not come from the association ${p.association}.`,
  },
  referee_shared: {
    fr: (p) => `La même personne référente (${p.email}) est aussi donnée par : ${p.providers}. Vérifiez qu'elle a bien travaillé avec chacun.`,
    en: (p) => `The same referee (${p.email}) is also named by: ${p.providers}. Check that they really worked with each.`,
  },
  association_number_shared: {
    fr: (p) => `Le même numéro d'association (${p.number}) est aussi déclaré par : ${p.providers}. Vérifiez que ces projets sont distincts.`,
    en: (p) => `The same association number (${p.number}) is also declared by: ${p.providers}. Check that these projects are distinct.`,
  },
  phases_not_confirmed: {
    fr: (p) => `L'association ${p.association} ne confirme pas ces accompagnements déclarés : ${p.kinds}.`,
    en: (p) => `The association ${p.association} does not confirm these declared kinds of support: ${p.kinds}.`,
  },
  project_denied: {
    fr: (p) => `La personne référente de l'association ${p.association} répond que le projet n'a pas eu lieu.`,
    en: (p) => `The referee of the association ${p.association} answers that the project did not happen.`,
  },
  period_differs: {
    fr: (p) => `Période déclarée ${p.claimed}, période donnée par l'association ${p.association} : ${p.answered}.`,
    en: (p) => `Declared period ${p.claimed}; period given by the association ${p.association}: ${p.answered}.`,
  },
  answered_too_fast: {
    fr: (p) => `Le questionnaire de l'association ${p.association} a reçu sa réponse ${p.seconds} secondes après l'invitation.`,
    en: (p) => `The questionnaire of the association ${p.association} was answered ${p.seconds} seconds after the invitation.`,
  },
  reference_declined: {
    fr: (p) => `La personne référente de l'association ${p.association} a décliné le questionnaire.`,
    en: (p) => `The referee of the association ${p.association} declined the questionnaire.`,
  },
  reference_expired: {
    fr: (p) => `Le questionnaire de l'association ${p.association} a expiré sans réponse.`,
    en: (p) => `The questionnaire of the association ${p.association} expired without an answer.`,
  },
};

export function redFlag(code: RedFlagCode, referenceId: number | null, params: Params): RedFlag {
  return {
    code,
    reference_id: referenceId,
    message_key: `js.emancipasso.review.flags.${code}`,
    params,
    sentence: { fr: SENTENCES[code].fr(params), en: SENTENCES[code].en(params) },
  };
}

const domainOfEmail = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/** The provider's own domains: its website's host (without www.) and its contact's mail domain. */
export function providerDomains(structure: StructureDraft): Set<string> {
  const domains = new Set<string>();
  if (structure.website) {
    try {
      domains.add(new URL(structure.website).hostname.toLowerCase().replace(/^www\./, ""));
    } catch {
      // An unparsable address names no domain.
    }
  }
  if (structure.contact_email) {
    const domain = domainOfEmail(structure.contact_email);
    if (!SHARED_MAIL_DOMAINS.has(domain)) domains.add(domain);
  }
  return domains;
}

/** The e-mail is on this domain or one of its sub-domains. */
const onDomain = (emailDomain: string, domain: string) =>
  emailDomain === domain || emailDomain.endsWith(`.${domain}`);

const period = (p: { start: string; end: string }) => `${p.start} – ${p.end}`;

/** Every red flag of an application, reference by reference, in a stable order. */
export function redFlagsOf(
  structure: StructureDraft,
  references: readonly ReferenceView[],
  others: OtherApplications,
  settings: RedFlagSettings
): RedFlag[] {
  const flags: RedFlag[] = [];
  const domains = providerDomains(structure);
  const applicantEmails = new Set([structure.contact_email?.toLowerCase()].filter(Boolean));
  for (const ref of references) {
    const association = ref.association_name;
    // Once the referee's data is erased (retention period over) their address says nothing more.
    const email = ref.referee_email?.toLowerCase() ?? null;
    if (email !== null) {
      const emailDomain = domainOfEmail(email);
      if (applicantEmails.has(email)) flags.push(redFlag("referee_is_applicant", ref.id, { email, association }));
      else {
        const domain = [...domains].find((d) => onDomain(emailDomain, d));
        if (domain) flags.push(redFlag("referee_on_provider_domain", ref.id, { email, domain, association }));
      }
      const sharing = others.providersByRefereeEmail.get(email) ?? [];
      if (sharing.length > 0)
        flags.push(redFlag("referee_shared", ref.id, { email, providers: sharing.join(", "), count: sharing.length }));
    }
    const number = ref.association_number.toUpperCase();
    const sameNumber = others.providersByAssociationNumber.get(number) ?? [];
    if (sameNumber.length > 0)
      flags.push(
        redFlag("association_number_shared", ref.id, { number, providers: sameNumber.join(", "), count: sameNumber.length })
      );
    if (ref.state === "declined") flags.push(redFlag("reference_declined", ref.id, { association }));
    if (ref.state === "expired") flags.push(redFlag("reference_expired", ref.id, { association }));
    const answer = ref.answer;
    if (ref.state !== "answered" || answer === null) continue;
    if (!answer.project_happened) flags.push(redFlag("project_denied", ref.id, { association }));
    else {
      const missing = ref.support_kinds.filter((kind) => !answer.phases.includes(kind));
      if (missing.length > 0)
        flags.push(redFlag("phases_not_confirmed", ref.id, { association, kinds: missing.join(", "), count: missing.length }));
      if (periodMatches(ref, settings) === false && answer.period)
        flags.push(
          redFlag("period_differs", ref.id, { association, claimed: period(ref.period), answered: period(answer.period) })
        );
    }
    if (ref.answered_at) {
      const seconds = Math.round((Date.parse(ref.answered_at) - Date.parse(ref.invited_at)) / 1000);
      if (seconds < settings.fastAnswerSeconds)
        flags.push(redFlag("answered_too_fast", ref.id, { association, seconds }));
    }
  }
  return flags;
}
