// Stand-in for `discourse/lib/text`'s cook. Discourse cooks Markdown with markdown-it and
// sanitises the result; here markdown-it runs with raw HTML disabled (every tag in the source
// is escaped) and its own link validation (no javascript: or data: links), which is as strict
// for provider descriptions.
import { trustHTML } from "@ember/template";
import type { cook as discourseCook } from "discourse/lib/text";
import MarkdownIt from "markdown-it";

const markdown = new MarkdownIt({ html: false, linkify: false, breaks: false });

export const cook: typeof discourseCook = (text: string) =>
  Promise.resolve(trustHTML(markdown.render(String(text ?? ""))));
