// Stand-in for `discourse/lib/text`'s cook (frontend/discourse/app/lib/text.js in
// discourse/discourse), with the Markdown engine options Discourse uses by default
// (frontend/discourse-markdown-it/src/options.js and engine.js): markdown-it with raw HTML
// allowed (the "html" feature), newlines as <br> ("newline", i.e. traditional_markdown_
// linebreaks off), bare URLs made links ("linkify"), then the result sanitised as
// frontend/pretty-text/addon/sanitizer.js does: the `xss` package (the sanitizer library
// pretty-text uses) with an allow-list of tags and attributes, links and image sources only
// with http(s), site-relative, #anchor or mailto URLs, everything else (event attributes,
// javascript: URLs, <script>, <style>, unknown tags) dropped. The allow-list is the part of
// pretty-text's DEFAULT_LIST (frontend/pretty-text/addon/allow-lister.js) that Markdown and
// hand-written text produce, plus the table feature's tags (features/table.js).
// Not mirrored: oneboxes, emoji, mentions, hashtags, quotes, BBCode (none in descriptions).
import { trustHTML } from "@ember/template";
import type { cook as discourseCook } from "discourse/lib/text";
import MarkdownIt from "markdown-it";
import xss, { escapeAttrValue } from "xss";

const markdown = new MarkdownIt({ html: true, breaks: true, linkify: true });

/** Tag → the attributes it may keep ("*": any value), as pretty-text's allow-lister builds them. */
const ALLOWED: Record<string, Record<string, string[]>> = {
  a: { href: [], name: ["*"], title: ["*"], rel: ["nofollow", "ugc"], target: ["_blank"] },
  abbr: { title: ["*"] },
  b: {},
  big: {},
  blockquote: {},
  br: {},
  code: {},
  dd: {},
  del: {},
  div: { lang: ["*"], dir: ["*"], align: ["*"] },
  dl: {},
  dt: {},
  em: {},
  h1: {},
  h2: {},
  h3: {},
  h4: {},
  h5: {},
  h6: {},
  hr: {},
  i: {},
  img: { src: [], alt: ["*"], title: ["*"], width: ["*"], height: ["*"], role: ["*"] },
  ins: {},
  kbd: {},
  li: {},
  mark: {},
  ol: { start: ["*"], reversed: ["*"], type: ["*"] },
  p: { lang: ["*"] },
  pre: {},
  s: {},
  small: {},
  span: { lang: ["*"] },
  strike: {},
  strong: {},
  sub: {},
  sup: {},
  ul: {},
  // The "table" feature, on by default.
  table: {},
  thead: {},
  tbody: {},
  tr: {},
  th: { style: ["text-align:left", "text-align:center", "text-align:right"] },
  td: { style: ["text-align:left", "text-align:center", "text-align:right"] },
};

const HOST = "(?:\\[[\\da-f:.]+\\]|[\\w.\\-]+)";
const ALLOWED_URLS = [
  new RegExp(`^(https?:)?//${HOST}`, "i"), // absolute
  /^\/[\w.-]+/i, // site-relative
  /^#[\w.-]+/i, // anchor
  /^mailto:[\w.\-@]+/i,
];

/** The URL if a link or image may point to it (quotes escaped), else undefined. */
function allowedUrl(url: string): string | undefined {
  const escaped = url.replace(/'/g, "%27");
  return ALLOWED_URLS.some((pattern) => pattern.test(escaped)) ? escaped : undefined;
}

function attribute(name: string, value: string): string {
  return value ? `${name}="${escapeAttrValue(value)}"` : name;
}

function sanitize(html: string): string {
  // "<3" and "<_<" stay text.
  const text = html.replace(/<([^A-Za-z/!]|$)/g, "&lt;$1");
  const tagList = Object.fromEntries(Object.keys(ALLOWED).map((tag) => [tag, [] as string[]]));
  return xss(text, {
    whiteList: tagList,
    stripIgnoreTag: true,
    stripIgnoreTagBody: ["script", "style"],
    onIgnoreTagAttr(tag, name, value) {
      const allowed = ALLOWED[tag]?.[name];
      if (!allowed) {
        return undefined;
      }
      if ((tag === "a" && name === "href") || (tag === "img" && name === "src")) {
        const url = allowedUrl(value);
        return url ? attribute(name, url) : undefined;
      }
      return allowed.includes("*") || allowed.includes(value) ? attribute(name, value) : undefined;
    },
  })
    .replace(/&(?![#\w]+;)/g, "&amp;")
    .replace(/&#39;/g, "'")
    .replace(/ \/>/g, ">");
}

export const cook: typeof discourseCook = (text: string) =>
  Promise.resolve(trustHTML(sanitize(markdown.render(String(text ?? "")))));
