// The mails the service sends, in French and English: a plain-text part and an HTML part
// built from the same strings. Parameters are checked with zod when a mail is queued, so a
// mail that cannot be rendered is refused before it is stored. renderMail is pure.
import { z } from "zod";

export const MailLocale = z.enum(["fr", "en"]);
export type MailLocale = z.infer<typeof MailLocale>;

/** An absolute http(s) link: the only kind a mail may carry. */
const Link = z.url({ protocol: /^https?$/ });
/** A calendar day, "2026-12-31" (rendered in the reader's language, long form). */
const Day = z.iso.date();
const Name = z.string().trim().min(1).max(200);

/** Where an application to the directory stands (what the provider is told). */
export const ApplicationStatus = z.enum([
  "submitted",
  "in_review",
  "changes_requested",
  "approved",
  "rejected",
  "suspended",
]);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

const ReferenceParams = z.strictObject({
  referee_name: Name,
  provider_name: Name,
  association_name: Name,
  link: Link,
  expires_on: Day,
});

export const MailParamsSchemas = {
  reference_invitation: ReferenceParams,
  reference_reminder: ReferenceParams,
  application_status_changed: z.strictObject({
    provider_name: Name,
    status: ApplicationStatus,
    reason: z.string().trim().min(1).max(2000).optional(),
    link: Link,
  }),
  reference_answered: z.strictObject({
    provider_name: Name,
    association_name: Name,
    link: Link,
  }),
  vetting_tag_expiring: z.strictObject({
    provider_name: Name,
    tag_label: Name,
    expires_on: Day,
    link: Link,
  }),
  vetting_tag_expired: z.strictObject({
    provider_name: Name,
    tag_label: Name,
    expires_on: Day,
    link: Link,
  }),
} as const;

export type MailTemplate = keyof typeof MailParamsSchemas;
export const MailTemplate = z.enum(
  Object.keys(MailParamsSchemas) as [MailTemplate, ...MailTemplate[]]
);
export type MailParams<T extends MailTemplate> = z.infer<(typeof MailParamsSchemas)[T]>;

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Checks a template's parameters; throws MailParamsError listing every problem. */
export function parseMailParams<T extends MailTemplate>(template: T, params: unknown): MailParams<T> {
  const schema = MailParamsSchemas[template] as unknown as z.ZodType<MailParams<T>> | undefined;
  if (!schema) throw new MailParamsError(`unknown mail template "${String(template)}"`, []);
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      field: issue.path.join("."),
      message: issue.message,
    }));
    throw new MailParamsError(
      `invalid parameters for mail "${template}": ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`,
      issues
    );
  }
  return parsed.data;
}

export class MailParamsError extends Error {
  constructor(
    message: string,
    readonly issues: { field: string; message: string }[]
  ) {
    super(message);
    this.name = "MailParamsError";
  }
}

/** "2026-12-01" → "1er décembre 2026" / "1 December 2026". */
export function formatDay(day: string, locale: MailLocale): string {
  const text = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    dateStyle: "long",
    timeZone: "UTC",
  }).format(new Date(`${day}T00:00:00Z`));
  // French typography writes the first day of a month as an ordinal.
  return locale === "fr" ? text.replace(/^1 /, "1er ") : text;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * What a mail says, as data: paragraphs (plain strings, escaped for HTML), one call to
 * action (a link), then closing lines. Both parts are rendered from it.
 */
interface MailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action: { label: string; url: string };
  after: string[];
}

const STATUS_LABELS: Record<MailLocale, Record<ApplicationStatus, string>> = {
  fr: {
    submitted: "déposée",
    in_review: "en cours d'examen",
    changes_requested: "à compléter",
    approved: "acceptée",
    rejected: "refusée",
    suspended: "suspendue",
  },
  en: {
    submitted: "submitted",
    in_review: "under review",
    changes_requested: "waiting for changes",
    approved: "approved",
    rejected: "rejected",
    suspended: "suspended",
  },
};

const SIGNATURE: Record<MailLocale, string> = {
  fr: "L'équipe de l'annuaire Emancip'Asso",
  en: "The Emancip'Asso directory team",
};

const FOOTER: Record<MailLocale, string> = {
  fr: "Vous recevez ce message parce que votre adresse a été indiquée dans l'annuaire Emancip'Asso. Si vous ne vous y attendiez pas, ignorez-le simplement.",
  en: "You are receiving this message because your address was given in the Emancip'Asso directory. If you did not expect it, simply ignore it.",
};

type Writers = {
  [T in MailTemplate]: Record<MailLocale, (params: MailParams<T>) => MailContent>;
};

const WRITERS: Writers = {
  reference_invitation: {
    fr: (p) => ({
      subject: `${p.provider_name} vous demande une référence`,
      greeting: `Bonjour ${p.referee_name},`,
      paragraphs: [
        `${p.provider_name} souhaite figurer dans l'annuaire des prestataires d'Emancip'Asso et vous cite comme référence pour l'accompagnement de ${p.association_name}.`,
        "Pourriez-vous répondre à un court questionnaire sur ce projet ? Cela prend environ cinq minutes et ne demande pas de créer de compte.",
      ],
      action: { label: "Répondre au questionnaire", url: p.link },
      after: [
        `Ce lien est personnel et ne sert qu'une fois. Il expire le ${formatDay(p.expires_on, "fr")}.`,
      ],
    }),
    en: (p) => ({
      subject: `${p.provider_name} asks you for a reference`,
      greeting: `Hello ${p.referee_name},`,
      paragraphs: [
        `${p.provider_name} is applying to the Emancip'Asso directory of providers and names you as a reference for its work with ${p.association_name}.`,
        "Could you answer a short questionnaire about this project? It takes about five minutes and needs no account.",
      ],
      action: { label: "Answer the questionnaire", url: p.link },
      after: [
        `This link is personal and works once. It expires on ${formatDay(p.expires_on, "en")}.`,
      ],
    }),
  },
  reference_reminder: {
    fr: (p) => ({
      subject: `Rappel : ${p.provider_name} attend votre référence`,
      greeting: `Bonjour ${p.referee_name},`,
      paragraphs: [
        `Nous vous avons écrit au sujet de l'accompagnement de ${p.association_name} par ${p.provider_name}. Votre réponse au questionnaire nous aiderait à vérifier sa candidature à l'annuaire d'Emancip'Asso.`,
      ],
      action: { label: "Répondre au questionnaire", url: p.link },
      after: [
        `Le lien expire le ${formatDay(p.expires_on, "fr")}. Si vous ne souhaitez pas répondre, ignorez ce message.`,
      ],
    }),
    en: (p) => ({
      subject: `Reminder: ${p.provider_name} is waiting for your reference`,
      greeting: `Hello ${p.referee_name},`,
      paragraphs: [
        `We wrote to you about the work of ${p.provider_name} with ${p.association_name}. Your answer to the questionnaire would help us check its application to the Emancip'Asso directory.`,
      ],
      action: { label: "Answer the questionnaire", url: p.link },
      after: [
        `The link expires on ${formatDay(p.expires_on, "en")}. If you would rather not answer, ignore this message.`,
      ],
    }),
  },
  application_status_changed: {
    fr: (p) => ({
      subject: `Votre candidature à l'annuaire : ${STATUS_LABELS.fr[p.status]}`,
      greeting: "Bonjour,",
      paragraphs: [
        `La candidature de ${p.provider_name} à l'annuaire d'Emancip'Asso est désormais ${STATUS_LABELS.fr[p.status]}.`,
        ...(p.reason ? [`Motif : ${p.reason}`] : []),
      ],
      action: { label: "Voir la candidature", url: p.link },
      after: [],
    }),
    en: (p) => ({
      subject: `Your directory application: ${STATUS_LABELS.en[p.status]}`,
      greeting: "Hello,",
      paragraphs: [
        `The application of ${p.provider_name} to the Emancip'Asso directory is now ${STATUS_LABELS.en[p.status]}.`,
        ...(p.reason ? [`Reason: ${p.reason}`] : []),
      ],
      action: { label: "See the application", url: p.link },
      after: [],
    }),
  },
  reference_answered: {
    fr: (p) => ({
      subject: `${p.association_name} a répondu à votre demande de référence`,
      greeting: "Bonjour,",
      paragraphs: [
        `${p.association_name} a répondu au questionnaire de référence pour ${p.provider_name}. Un·e modérateur·ice va maintenant l'examiner.`,
      ],
      action: { label: "Voir la candidature", url: p.link },
      after: [],
    }),
    en: (p) => ({
      subject: `${p.association_name} answered your reference request`,
      greeting: "Hello,",
      paragraphs: [
        `${p.association_name} answered the reference questionnaire for ${p.provider_name}. A moderator will now review it.`,
      ],
      action: { label: "See the application", url: p.link },
      after: [],
    }),
  },
  vetting_tag_expiring: {
    fr: (p) => ({
      subject: `Le badge « ${p.tag_label} » de ${p.provider_name} expire bientôt`,
      greeting: "Bonjour,",
      paragraphs: [
        `Le badge de vérification « ${p.tag_label} » de ${p.provider_name} dans l'annuaire d'Emancip'Asso expire le ${formatDay(p.expires_on, "fr")}. Il disparaîtra alors de votre fiche publique.`,
        "Pour le garder, demandez une nouvelle vérification : vos référent·es recevront un nouveau questionnaire.",
      ],
      action: { label: "Demander une nouvelle vérification", url: p.link },
      after: [],
    }),
    en: (p) => ({
      subject: `The "${p.tag_label}" badge of ${p.provider_name} expires soon`,
      greeting: "Hello,",
      paragraphs: [
        `The vetting badge "${p.tag_label}" of ${p.provider_name} in the Emancip'Asso directory expires on ${formatDay(p.expires_on, "en")}. It will then leave your public card.`,
        "To keep it, ask for a new verification: your referees will receive a new questionnaire.",
      ],
      action: { label: "Ask for a new verification", url: p.link },
      after: [],
    }),
  },
  vetting_tag_expired: {
    fr: (p) => ({
      subject: `Le badge « ${p.tag_label} » de ${p.provider_name} a expiré`,
      greeting: "Bonjour,",
      paragraphs: [
        `Le badge de vérification « ${p.tag_label} » de ${p.provider_name} a expiré le ${formatDay(p.expires_on, "fr")} : il n'apparaît plus sur votre fiche publique.`,
        "Demandez une nouvelle vérification pour le retrouver : vos référent·es recevront un nouveau questionnaire.",
      ],
      action: { label: "Demander une nouvelle vérification", url: p.link },
      after: [],
    }),
    en: (p) => ({
      subject: `The "${p.tag_label}" badge of ${p.provider_name} has expired`,
      greeting: "Hello,",
      paragraphs: [
        `The vetting badge "${p.tag_label}" of ${p.provider_name} expired on ${formatDay(p.expires_on, "en")}: it no longer shows on your public card.`,
        "Ask for a new verification to get it back: your referees will receive a new questionnaire.",
      ],
      action: { label: "Ask for a new verification", url: p.link },
      after: [],
    }),
  },
};

/** Subject, plain text and HTML of a mail. Throws MailParamsError on bad parameters. */
export function renderMail<T extends MailTemplate>(
  template: T,
  locale: MailLocale,
  params: MailParams<T> | unknown
): RenderedMail {
  const checked = parseMailParams(template, params);
  const write = WRITERS[template][MailLocale.parse(locale)] as (p: MailParams<T>) => MailContent;
  const content = write(checked);
  return {
    subject: content.subject,
    text: renderText(content, locale),
    html: renderHtml(content, locale),
  };
}

function renderText(content: MailContent, locale: MailLocale): string {
  return [
    content.greeting,
    ...content.paragraphs,
    `${content.action.label}${locale === "fr" ? " :" : ":"}\n${content.action.url}`,
    ...content.after,
    SIGNATURE[locale],
    `--\n${FOOTER[locale]}`,
  ].join("\n\n") + "\n";
}

// Inline styles only (mail clients drop <style> blocks and remote assets); one column
// at most 560 px wide, large tap target, system fonts: readable on a phone.
function renderHtml(content: MailContent, locale: MailLocale): string {
  const p = (text: string) =>
    `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;">${escapeHtml(text)}</p>`;
  const url = escapeHtml(content.action.url);
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f4;color:#222222;font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif;">
<div style="max-width:560px;margin:0 auto;padding:24px 16px;background:#ffffff;">
${p(content.greeting)}
${content.paragraphs.map(p).join("\n")}
<p style="margin:24px 0;"><a href="${url}" style="display:inline-block;padding:12px 20px;background:#0a6d5e;color:#ffffff;text-decoration:none;border-radius:4px;font-size:16px;font-weight:bold;">${escapeHtml(content.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px;line-height:1.5;word-break:break-all;">${escapeHtml(locale === "fr" ? "Ou copiez ce lien dans votre navigateur :" : "Or copy this link into your browser:")}<br><a href="${url}" style="color:#0a6d5e;">${url}</a></p>
${content.after.map(p).join("\n")}
${p(SIGNATURE[locale])}
<p style="margin:24px 0 0;font-size:13px;line-height:1.5;color:#555555;">${escapeHtml(FOOTER[locale])}</p>
</div>
</body>
</html>
`;
}
