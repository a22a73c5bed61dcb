// renderMail: both languages, both parts, escaping, dates, and parameters refused.
import { describe, expect, it } from "vitest";
import {
  MailParamsError,
  MailParamsSchemas,
  formatDay,
  renderMail,
  type MailTemplate,
} from "../src/mail/templates.ts";

const LINK = "https://forum.example.org/annuaire/reference/abc123?x=1&y=2";

const PARAMS: { [T in MailTemplate]: Record<string, unknown> } = {
  reference_invitation: {
    referee_name: "Camille Martin",
    provider_name: "Libre Équipe",
    association_name: "Les Amis du Jardin",
    link: LINK,
    expires_on: "2026-12-01",
  },
  reference_reminder: {
    referee_name: "Camille Martin",
    provider_name: "Libre Équipe",
    association_name: "Les Amis du Jardin",
    link: LINK,
    expires_on: "2026-12-15",
  },
  application_status_changed: {
    provider_name: "Libre Équipe",
    status: "changes_requested",
    reason: "Il manque une référence.",
    link: LINK,
  },
  reference_answered: {
    provider_name: "Libre Équipe",
    association_name: "Les Amis du Jardin",
    link: LINK,
  },
  vetting_tag_expiring: {
    provider_name: "Libre Équipe",
    tag_label: "Références vérifiées (2)",
    expires_on: "2027-01-01",
    link: LINK,
  },
  vetting_tag_expired: {
    provider_name: "Libre Équipe",
    tag_label: "Références vérifiées (2)",
    expires_on: "2027-01-01",
    link: LINK,
  },
};

const TEMPLATES = Object.keys(MailParamsSchemas) as MailTemplate[];
const ESCAPED_LINK = LINK.replace(/&/g, "&amp;");

describe("renderMail", () => {
  for (const template of TEMPLATES) {
    for (const locale of ["fr", "en"] as const) {
      it(`${template} (${locale}): subject, text and HTML, the link in both parts`, () => {
        const mail = renderMail(template, locale, PARAMS[template]);
        expect(mail.subject.length).toBeGreaterThan(5);
        expect(mail.text).toContain(LINK);
        expect(mail.html).toContain(`href="${ESCAPED_LINK}"`);
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.html).toContain('name="viewport"');
        expect(mail.text).toContain("Libre Équipe");
        // No remote asset of any kind.
        expect(mail.html).not.toMatch(/<img|<link|<script|src=|url\(/i);
        // The text part is text.
        expect(mail.text).not.toMatch(/<[a-z]/i);
      });
    }
  }

  it("speaks the reader's language", () => {
    const fr = renderMail("reference_invitation", "fr", PARAMS.reference_invitation);
    const en = renderMail("reference_invitation", "en", PARAMS.reference_invitation);
    expect(fr.subject).toBe("Libre Équipe vous demande une référence");
    expect(en.subject).toBe("Libre Équipe asks you for a reference");
    expect(fr.text).toContain("Bonjour Camille Martin,");
    expect(en.text).toContain("Hello Camille Martin,");
    expect(fr.text).toContain("Il expire le 1er décembre 2026.");
    expect(en.text).toContain("It expires on 1 December 2026.");
    const reminder = renderMail("reference_reminder", "fr", PARAMS.reference_reminder);
    expect(reminder.text).toContain("15 décembre 2026");
  });

  it("says the status and the reason only when there is one", () => {
    const withReason = renderMail("application_status_changed", "fr", PARAMS.application_status_changed);
    expect(withReason.subject).toBe("Votre candidature à l'annuaire : à compléter");
    expect(withReason.text).toContain("Motif : Il manque une référence.");
    const { reason: _reason, ...rest } = PARAMS.application_status_changed;
    const without = renderMail("application_status_changed", "en", { ...rest, status: "approved" });
    expect(without.subject).toBe("Your directory application: approved");
    expect(without.text).not.toContain("Reason");
  });

  it("escapes every parameter in the HTML part and leaves the text part as written", () => {
    const hostile = {
      ...PARAMS.reference_invitation,
      referee_name: `<script>alert("x")</script>`,
      provider_name: `Tom & Jerry's "SCOP"`,
      link: `https://example.org/r?a="><img src=x onerror=alert(1)>`,
    };
    const mail = renderMail("reference_invitation", "en", hostile);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(mail.html).toContain("Tom &amp; Jerry&#39;s &quot;SCOP&quot;");
    expect(mail.html).not.toMatch(/<img/);
    expect(mail.text).toContain(`<script>alert("x")</script>`);
    expect(mail.text).toContain(`Tom & Jerry's "SCOP"`);
  });

  it("refuses bad parameters, naming each field", () => {
    const cases: [MailTemplate, Record<string, unknown>, string][] = [
      ["reference_invitation", { ...PARAMS.reference_invitation, link: "javascript:alert(1)" }, "link"],
      ["reference_invitation", { ...PARAMS.reference_invitation, link: "ftp://example.org/x" }, "link"],
      ["reference_invitation", { ...PARAMS.reference_invitation, expires_on: "01/12/2026" }, "expires_on"],
      ["reference_invitation", { ...PARAMS.reference_invitation, referee_name: "  " }, "referee_name"],
      ["reference_reminder", { ...PARAMS.reference_reminder, extra: "x" }, ""],
      ["application_status_changed", { ...PARAMS.application_status_changed, status: "won" }, "status"],
      ["reference_answered", { provider_name: "X", link: LINK }, "association_name"],
    ];
    for (const [template, params, field] of cases) {
      let error: unknown;
      try {
        renderMail(template, "fr", params);
      } catch (caught) {
        error = caught;
      }
      expect(error, `${template} ${JSON.stringify(params)}`).toBeInstanceOf(MailParamsError);
      expect((error as MailParamsError).issues.map((issue) => issue.field)).toContain(field);
    }
    expect(() => renderMail("no_such_mail" as MailTemplate, "fr", {})).toThrow(MailParamsError);
    expect(() => renderMail("reference_answered", "de" as "fr", PARAMS.reference_answered)).toThrow();
  });
});

describe("formatDay", () => {
  it("writes dates in the long form of fr-FR and en-GB", () => {
    expect(formatDay("2027-03-09", "fr")).toBe("9 mars 2027");
    expect(formatDay("2027-03-01", "fr")).toBe("1er mars 2027");
    expect(formatDay("2027-03-09", "en")).toBe("9 March 2027");
    expect(formatDay("2027-03-31", "en")).toBe("31 March 2027");
  });
});
