// The SVG sprite a Discourse page carries: Discourse builds it from Font Awesome's free
// icons plus those plugins register (register_svg_icon), and `d-icon` draws
// <svg><use href="#name"/></svg>. Here the sprite holds only the icons the plugin draws,
// from @fortawesome/free-solid-svg-icons (icons CC BY 4.0, code MIT), so the preview shows
// them instead of blank squares.
import { fas } from "@fortawesome/free-solid-svg-icons";

/** Every icon name the plugin's files use (preview-page.test.ts checks none is missing). */
export const PLUGIN_ICONS = [
  "address-book",
  "arrows-rotate",
  "check",
  "chevron-left",
  "chevron-right",
  "list-check",
  "magnifying-glass",
  "question",
  "triangle-exclamation",
  "xmark",
] as const;

type IconDefinition = (typeof fas)[keyof typeof fas];

const byName = new Map<string, IconDefinition>(
  Object.values(fas).map((definition) => [definition.iconName, definition])
);

function symbol(name: string): string {
  const definition = byName.get(name);
  if (!definition) {
    throw new Error(`no Font Awesome solid icon named ${name}`);
  }
  const [width, height, , , pathData] = definition.icon;
  const paths = (Array.isArray(pathData) ? pathData : [pathData])
    .map((d) => `<path d="${d}"/>`)
    .join("");
  return `<symbol id="${name}" viewBox="0 0 ${width} ${height}">${paths}</symbol>`;
}

/** Hidden <svg> with one <symbol> per icon, placed at the top of the page's body. */
export function renderIconSprite(
  names: readonly string[] = PLUGIN_ICONS
): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="preview-icon-sprite" aria-hidden="true" style="display: none">${names.map(symbol).join("")}</svg>`;
}
