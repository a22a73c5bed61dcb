// The preview page: a minimal Discourse-like shell (header with the site title, a link to
// the directory, a user switcher) around the Ember app built from the plugin's files. It
// says plainly that it is a preview and not Discourse.
import { renderIconSprite } from "./icons.ts";
import { PREVIEW_USERS, type PreviewUser } from "./users.ts";

export type PreviewLocale = "fr" | "en";

export interface ShellData {
  user: PreviewUser;
  locale: PreviewLocale;
  /** Asset URLs, with a content hash so a rebuilt bundle is never served from cache. */
  scriptUrl: string;
  styleUrl: string;
  /** The development mail sink (make start): where the referees' invitations land. */
  mailSinkUrl?: string;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** JSON inside <script type="application/json">: only "<" can end the element early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

const ICON_SPRITE = renderIconSprite();

export function renderShell(data: ShellData): string {
  const options = PREVIEW_USERS.map(
    (user) =>
      `<option value="${user.key}"${user.key === data.user.key ? " selected" : ""}>${escapeHtml(user.label)}</option>`
  ).join("");
  const localeOptions = (["fr", "en"] as const)
    .map(
      (locale) =>
        `<option value="${locale}"${locale === data.locale ? " selected" : ""}>${locale}</option>`
    )
    .join("");
  // What the Ember app reads at boot: Discourse would give it the same through its preloaded data.
  const boot = {
    locale: data.locale,
    // emancipasso_reviews_directory: what plugin.rb serialises on currentUser (staff, or a
    // moderator of the directory category).
    currentUser: data.user.acting
      ? {
          ...data.user.acting,
          locale: data.locale,
          emancipasso_reviews_directory:
            data.user.acting.admin ||
            data.user.acting.moderator ||
            data.user.acting.directory_moderator,
        }
      : null,
  };
  return `<!doctype html>
<html lang="${data.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Emancip'Asso — aperçu du plugin</title>
<link rel="stylesheet" href="/preview-assets/shell.css">
<link rel="stylesheet" href="${escapeHtml(data.styleUrl)}">
<script type="application/json" id="preview-boot">${scriptJson(boot)}</script>
</head>
<body>
${ICON_SPRITE}
<p class="preview-banner" role="note">
  <strong>Aperçu local du plugin, ce n'est pas Discourse.</strong>
  <span lang="en">Local preview of the plugin; this is not Discourse.</span>
</p>
<header class="d-header">
  <div class="wrap">
    <a class="title" href="/">Emancip'Asso</a>
    <nav class="preview-nav" aria-label="Navigation">
      <a href="/annuaire" data-preview-link>Annuaire <span lang="en">(Directory)</span></a>
    </nav>
    ${
      data.mailSinkUrl
        ? `<a class="preview-mail-sink" href="${escapeHtml(data.mailSinkUrl)}" target="_blank" rel="noopener">Courriels envoyés <span lang="en">(mail sink)</span></a>`
        : ""
    }
    <form class="preview-user-switcher" method="post" action="/preview/user">
      <label for="preview-user">Agir en tant que <span lang="en">(act as)</span></label>
      <select id="preview-user" name="user">${options}</select>
      <label for="preview-locale" class="sr-only">Langue / Language</label>
      <select id="preview-locale" name="locale">${localeOptions}</select>
      <button type="submit">Changer <span lang="en">(switch)</span></button>
    </form>
  </div>
</header>
<main id="main-outlet" class="wrap"></main>
<script type="module" src="${escapeHtml(data.scriptUrl)}"></script>
</body>
</html>
`;
}
