// Stand-in for `discourse/ui-kit/helpers/d-icon` (frontend/discourse/app/ui-kit/helpers/
// d-icon.js in discourse/discourse): Discourse's SVG icon markup (the sprite
// itself is not loaded; the <use> reference is enough for tests and the preview).
import { trustHTML } from "@ember/template";
import type { default as discourseIcon } from "discourse/ui-kit/helpers/d-icon";

const icon: typeof discourseIcon = (id: string) => {
  const name = String(id).replace(/[^a-z0-9-]/gi, "");
  return trustHTML(
    `<svg class="fa d-icon d-icon-${name} svg-icon svg-string" aria-hidden="true"><use href="#${name}"></use></svg>`
  );
};

export default icon;
