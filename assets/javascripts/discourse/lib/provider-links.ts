// Finds links to directory cards (/annuaire/:slug) in a post's cooked HTML and expands
// each into an inline provider card, through the decorator helper's renderGlimmer.
// Discourse also runs api.decorateCookedElement callbacks WITHOUT a helper, through the app
// event "decorate-non-stream-cooked-element" (frontend/discourse/app/lib/plugin-api.gjs;
// triggered by the composer preview, components/d-editor.gjs, and the user activity
// stream, components/user-stream.gjs): there the post is left as it is.
import type { ComponentLike } from "@glint/template";
import { withoutPrefix } from "discourse/lib/get-url";
import type { InlineProviderCardData } from "../components/inline-provider-card";

/** What api.decorateCookedElement hands its callback (untyped in Discourse's declarations). */
export interface CookedDecoratorHelper {
  renderGlimmer(
    target: Element,
    component: ComponentLike<{ Args: { data: InlineProviderCardData } }>,
    data: InlineProviderCardData
  ): void;
}

const CARD_PATH = /^\/annuaire\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/;
/** Enough to illustrate a post; more would bury it. */
export const MAX_CARDS_PER_POST = 3;

/** The slug of a same-site link to a directory card, or null. */
export function providerSlugFromHref(
  href: string,
  origin: string
): string | null {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) {
    return null;
  }
  const match = CARD_PATH.exec(String(withoutPrefix(url.pathname)));
  return match?.[1] ?? null;
}

/** Expands the post's card links where a helper can render them; returns how many. */
export function expandProviderLinks(
  element: HTMLElement,
  helper: CookedDecoratorHelper | undefined,
  component: ComponentLike<{ Args: { data: InlineProviderCardData } }>,
  origin: string = window.location.origin
): number {
  if (typeof helper?.renderGlimmer !== "function") {
    return 0;
  }
  const seen = new Set<string>();
  for (const link of element.querySelectorAll<HTMLAnchorElement>("a[href]")) {
    if (seen.size >= MAX_CARDS_PER_POST) {
      break;
    }
    const slug = providerSlugFromHref(link.getAttribute("href") ?? "", origin);
    if (!slug || seen.has(slug)) {
      continue;
    }
    seen.add(slug);
    const container = document.createElement("div");
    container.className = "inline-provider-card-container";
    const block = link.closest("p, li, td") ?? link;
    block.after(container);
    helper.renderGlimmer(container, component, { slug });
  }
  return seen.size;
}
