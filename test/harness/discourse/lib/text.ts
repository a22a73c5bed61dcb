// Stand-in for `discourse/lib/text`'s cook: Discourse renders Markdown with markdown-it and
// sanitises the result. Here only what provider descriptions use is rendered — paragraphs,
// line breaks, **strong**, _emphasis_/*emphasis*, [links](http…) — after escaping every
// character of the source, so the output can hold no markup but these.
import { trustHTML } from "@ember/template";
import type { cook as discourseCook } from "discourse/lib/text";

function escape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function inline(text: string): string {
  return escape(text)
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,;:!?])/g, "$1<em>$2</em>")
    .replace(/(^|[\s(])\*([^*]+)\*(?=$|[\s).,;:!?])/g, "$1<em>$2</em>")
    .replace(/\n/g, "<br>");
}

export const cook: typeof discourseCook = (text: string) => {
  const html = String(text ?? "")
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block) => `<p>${inline(block)}</p>`)
    .join("\n");
  return Promise.resolve(trustHTML(html));
};
