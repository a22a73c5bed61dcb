// The referee's questionnaire as plain HTML: no script at all, one inline stylesheet allowed
// by its hash in the Content-Security-Policy, no asset from anywhere else. Every value
// written into the page goes through escapeHtml.
import { createHash } from "node:crypto";
import { t, type PageLocale, type QuestionnaireKey } from "./questionnaire-strings.ts";

export const STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#fff}
header,main{max-width:40rem;margin:0 auto;padding:1rem}
header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap;border-bottom:1px solid #ddd}
h1{font-size:1.5rem;line-height:1.25}h2{font-size:1.2rem;margin-top:2rem}
a{color:#0b57a4}a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #0b57a4;outline-offset:2px}
dl{display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
fieldset{border:1px solid #bbb;border-radius:4px;margin:1.25rem 0;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.hint{color:#555;font-size:.95rem;margin:.25rem 0}
.choice{display:flex;align-items:center;gap:.5rem;min-height:2.75rem}
.choice input{width:1.25rem;height:1.25rem;margin:0}
.inline{display:flex;gap:1rem;flex-wrap:wrap}
label.field{display:block;font-weight:600;margin-top:.5rem}
input[type=month],input[type=text],textarea{display:block;width:100%;max-width:100%;font:inherit;padding:.5rem;border:1px solid #767676;border-radius:4px;margin-top:.25rem}
textarea{min-height:6rem}
button{font:inherit;font-weight:600;padding:.75rem 1.25rem;min-height:2.75rem;border-radius:4px;border:2px solid #0b57a4;background:#0b57a4;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b57a4}
a.button{display:inline-block;font-weight:600;padding:.75rem 1.25rem;border:2px solid #0b57a4;border-radius:4px;text-decoration:none}
.error{color:#b00020;font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border-color:#b00020}
.summary{border:3px solid #b00020;padding:1rem;margin:1rem 0;border-radius:4px}
.summary h2{margin-top:0}
.notice{border-left:4px solid #1e7b34;padding:.5rem 1rem;background:#eef7f0}
.notice.warning{border-color:#8a5a00;background:#fdf6e3}
`;

/** For the Content-Security-Policy: style-src 'sha256-…' allows exactly this stylesheet. */
export const STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const tx = (locale: PageLocale, key: QuestionnaireKey, params: Record<string, string | number> = {}) =>
  escapeHtml(t(locale, key, params));

/** "mars 2025" from "2025-03". */
export function monthLabel(locale: PageLocale, yearMonth: string): string {
  const [year, month] = yearMonth.split("-").map(Number);
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year!, month! - 1, 1)));
}

export function dateLabel(locale: PageLocale, isoDate: string): string {
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    dateStyle: "long",
    timeZone: "Europe/Paris",
  }).format(new Date(isoDate));
}

/**
 * The page around every answer: language, viewport, one hashed style, no script. The
 * language link is offered on pages read with GET (a POST's answer cannot be re-read).
 */
export function layout(
  locale: PageLocale,
  title: string,
  body: string,
  switchLanguage = true,
  redirectTo?: string
): string {
  const other: PageLocale = locale === "fr" ? "en" : "fr";
  const languageLink = switchLanguage
    ? `<a href="?lang=${other}" lang="${other}" hreflang="${other}">${tx(locale, "switch_language")}</a>`
    : "";
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${redirectTo ? `<meta http-equiv="refresh" content="0;url=${escapeHtml(redirectTo)}">\n` : ""}<title>${escapeHtml(title)} — ${tx(locale, "site")}</title>
<style>${STYLE}</style>
</head>
<body>
<header><span>${tx(locale, "site")}</span>${languageLink}</header>
<main>
${body}
</main>
</body>
</html>
`;
}

export function messagePage(
  locale: PageLocale,
  titleKey: QuestionnaireKey,
  textKey: QuestionnaireKey,
  params: Record<string, string> = {},
  link?: { href: string; key: QuestionnaireKey },
  switchLanguage = true,
  more: QuestionnaireKey[] = []
): string {
  const title = t(locale, titleKey, params);
  const action = link
    ? `<p><a class="button" href="${escapeHtml(link.href)}">${tx(locale, link.key)}</a></p>`
    : "";
  return layout(
    locale,
    title,
    `<h1>${escapeHtml(title)}</h1>\n<p>${tx(locale, textKey, params)}</p>\n${more.map((key) => `<p>${tx(locale, key, params)}</p>\n`).join("")}${action}`,
    switchLanguage
  );
}

export interface QuestionnaireView {
  locale: PageLocale;
  /** The link's token: the page's own address ends with it; the other forms are relative to it. */
  token: string;
  providerName: string;
  associationName: string;
  associationNumber: string;
  period: { start: string; end: string };
  projectSummary: string;
  /** Claimed kinds of support, with their labels in the page's language. */
  kinds: { key: string; label: string }[];
  expiresAt: string;
  csrf: string;
  /** What the referee typed, to fill the form again after an error. */
  values: Record<string, string | string[]>;
  /** Field name → error message key. */
  errors: Map<string, QuestionnaireKey>;
  organisation: { status: "confirmed" | "mismatch"; siret: string } | null;
  proconnect: boolean;
}

const FIELD_ORDER = [
  "project_happened",
  "period_start",
  "period_end",
  "phases",
  "satisfaction",
  "would_recommend",
  "comment",
  "consent_retention",
];

export function questionnairePage(view: QuestionnaireView): string {
  const { locale, errors, values } = view;
  const provider = escapeHtml(view.providerName);
  const value = (name: string) => {
    const v = values[name];
    return typeof v === "string" ? v : "";
  };
  const list = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
  };
  const errorId = (name: string) => `${name}-error`;
  const errorText = (name: string) => {
    const key = errors.get(name);
    return key ? `<p class="error" id="${errorId(name)}">${tx(locale, key)}</p>` : "";
  };
  const invalid = (name: string) => (errors.has(name) ? ` aria-invalid="true"` : "");
  const describedBy = (name: string, ...more: string[]) => {
    const ids = [...more, ...(errors.has(name) ? [errorId(name)] : [])];
    return ids.length > 0 ? ` aria-describedby="${ids.join(" ")}"` : "";
  };
  const checked = (yes: boolean) => (yes ? " checked" : "");
  const params = { provider: view.providerName };
  const legend = (key: QuestionnaireKey, required = false) =>
    `<legend>${escapeHtml(t(locale, key, params))}${required ? ` <span class="hint">(${tx(locale, "required")})</span>` : ""}</legend>`;

  const radios = (name: string, options: { value: string; label: string }[], id: string) =>
    options
      .map(
        (option, index) =>
          `<label class="choice"><input type="radio" name="${name}" value="${option.value}"${index === 0 ? ` id="${id}"` : ""}${checked(value(name) === option.value)}${invalid(name)}> ${escapeHtml(option.label)}</label>`
      )
      .join("\n");
  const yesNo = [
    { value: "yes", label: t(locale, "yes") },
    { value: "no", label: t(locale, "no") },
  ];

  const summary =
    errors.size === 0
      ? ""
      : `<div class="summary" role="alert" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${tx(locale, "error_summary", { count: errors.size })}</h2>
<ul>${FIELD_ORDER.filter((name) => errors.has(name))
          .map((name) => `<li><a href="#${name}">${tx(locale, errors.get(name)!)}</a></li>`)
          .join("")}</ul>
</div>`;

  const organisation =
    view.organisation === null
      ? ""
      : view.organisation.status === "confirmed"
        ? `<p class="notice" role="status">${tx(locale, "proconnect_confirmed", { siret: view.organisation.siret })}</p>`
        : `<p class="notice warning" role="status">${tx(locale, "proconnect_mismatch", { siret: view.organisation.siret })}</p>`;

  const proconnect =
    view.proconnect && view.organisation?.status !== "confirmed"
      ? `<section aria-labelledby="proconnect-title">
<h2 id="proconnect-title">${tx(locale, "proconnect_heading")}</h2>
<p>${tx(locale, "proconnect_text")}</p>
<p><a class="button" href="${escapeHtml(view.token)}/proconnect?lang=${locale}" target="_blank" rel="noopener">${tx(locale, "proconnect_button")}</a></p>
</section>`
      : "";

  const body = `<h1>${tx(locale, "title")}</h1>
<p>${tx(locale, "intro", params)}</p>
<p class="hint">${tx(locale, "expires", { date: dateLabel(locale, view.expiresAt) })}</p>
${summary}
<section aria-labelledby="claim-title">
<h2 id="claim-title">${tx(locale, "claim_heading")}</h2>
<dl>
<dt>${tx(locale, "claim_association")}</dt><dd>${escapeHtml(view.associationName)}</dd>
<dt>${tx(locale, "claim_number")}</dt><dd>${escapeHtml(view.associationNumber)}</dd>
<dt>${tx(locale, "claim_period")}</dt><dd>${tx(locale, "period_value", { start: monthLabel(locale, view.period.start), end: monthLabel(locale, view.period.end) })}</dd>
<dt>${tx(locale, "claim_summary")}</dt><dd>${escapeHtml(view.projectSummary)}</dd>
<dt>${tx(locale, "claim_kinds")}</dt><dd>${view.kinds.map((kind) => escapeHtml(kind.label)).join(", ")}</dd>
</dl>
</section>
${organisation}
${proconnect}
<form method="post" novalidate>
<input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}">
<fieldset${describedBy("project_happened")}>
${legend("happened_legend", true)}
${errorText("project_happened")}
<div class="inline">${radios("project_happened", yesNo, "project_happened")}</div>
</fieldset>
<fieldset aria-describedby="period-hint">
${legend("period_legend")}
<p class="hint" id="period-hint">${tx(locale, "period_hint")}</p>
<label class="field" for="period_start">${tx(locale, "period_start")}</label>
${errorText("period_start")}
<input type="month" id="period_start" name="period_start" value="${escapeHtml(value("period_start"))}" placeholder="2025-03"${invalid("period_start")}${describedBy("period_start", "period-hint")}>
<label class="field" for="period_end">${tx(locale, "period_end")}</label>
${errorText("period_end")}
<input type="month" id="period_end" name="period_end" value="${escapeHtml(value("period_end"))}" placeholder="2025-06"${invalid("period_end")}${describedBy("period_end", "period-hint")}>
</fieldset>
<fieldset${describedBy("phases", "phases-hint")}>
${legend("phases_legend")}
<p class="hint" id="phases-hint">${tx(locale, "phases_hint")}</p>
${errorText("phases")}
${view.kinds
  .map(
    (kind, index) =>
      `<label class="choice"><input type="checkbox" name="phases" value="${escapeHtml(kind.key)}"${index === 0 ? ` id="phases"` : ""}${checked(list("phases").includes(kind.key))}${invalid("phases")}> ${escapeHtml(kind.label)}</label>`
  )
  .join("\n")}
</fieldset>
<fieldset${describedBy("satisfaction", "satisfaction-hint")}>
${legend("satisfaction_legend")}
<p class="hint" id="satisfaction-hint">${tx(locale, "satisfaction_hint")}</p>
${errorText("satisfaction")}
<div class="inline">${radios(
    "satisfaction",
    ["1", "2", "3", "4", "5"].map((n) => ({ value: n, label: n })),
    "satisfaction"
  )}</div>
</fieldset>
<fieldset${describedBy("would_recommend")}>
${legend("recommend_legend")}
${errorText("would_recommend")}
<div class="inline">${radios("would_recommend", yesNo, "would_recommend")}</div>
</fieldset>
<label class="field" for="comment">${tx(locale, "comment")}</label>
<p class="hint" id="comment-hint">${tx(locale, "comment_hint")}</p>
${errorText("comment")}
<textarea id="comment" name="comment" maxlength="4000"${invalid("comment")}${describedBy("comment", "comment-hint")}>${escapeHtml(value("comment"))}</textarea>
${errorText("consent_retention")}
<label class="choice"><input type="checkbox" id="consent_retention" name="consent_retention" value="yes"${checked(value("consent_retention") === "yes")}${invalid("consent_retention")}${describedBy("consent_retention")}> ${tx(locale, "consent")}</label>
<p><button type="submit">${tx(locale, "send")}</button></p>
</form>
<section aria-labelledby="decline-title">
<h2 id="decline-title">${tx(locale, "decline_heading")}</h2>
<form method="post" action="${escapeHtml(view.token)}/decline?lang=${locale}">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}">
<label class="field" for="reason">${tx(locale, "decline_reason")}</label>
<textarea id="reason" name="reason" maxlength="1000"></textarea>
<p><button type="submit" class="secondary">${tx(locale, "decline_button")}</button></p>
</form>
</section>`;
  return layout(locale, t(locale, "title"), body);
}

/** On to ProConnect: a refresh that needs no script, and a link for browsers that do not follow it. */
export function proconnectRedirectPage(locale: PageLocale, url: string): string {
  return layout(
    locale,
    t(locale, "proconnect_done_title"),
    `<h1>${tx(locale, "proconnect_done_title")}</h1>
<p>${tx(locale, "proconnect_redirect")}</p>
<p><a class="button" href="${escapeHtml(url)}">${tx(locale, "proconnect_continue")}</a></p>`,
    false,
    url
  );
}
