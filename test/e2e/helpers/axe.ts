// axe-core (the npm package, injected into the page: no CDN) run on the page as it is, with
// the WCAG 2 A and AA rules; and a readable list of what it found, for failure messages.
import type { AxeResults, Result } from "axe-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { paletteCss } from "../../../preview/palette.ts";

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8"
);

export type Violation = Pick<Result, "id" | "impact" | "help" | "nodes">;

export async function runAxe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  const results = await page.evaluate(() => {
    const axe = (window as unknown as { axe: typeof import("axe-core") }).axe;
    return axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
      resultTypes: ["violations"],
    });
  });
  return (results as AxeResults).violations;
}

/** The violations a reader is blocked or seriously hindered by. */
export function seriousOrCritical(violations: Violation[]): Violation[] {
  return violations.filter(
    (violation) =>
      violation.impact === "serious" || violation.impact === "critical"
  );
}

/** One line per violation, then one per element (its selector and axe's summary). */
export function describe(violations: Violation[]): string {
  return violations
    .map((violation) =>
      [
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.length} element(s)`,
        ...violation.nodes
          .slice(0, 10)
          .map(
            (node) =>
              `    ${node.target.join(" ")}: ${(node.failureSummary ?? "").replaceAll("\n", " ")}`
          ),
      ].join("\n")
    )
    .join("\n");
}

/** How many elements each violation touches, e.g. { "color-contrast": 98 }. */
export function countByRule(violations: Violation[]): Record<string, number> {
  return Object.fromEntries(
    violations.map((violation) => [violation.id, violation.nodes.length])
  );
}

/**
 * A forum whose brand colour (--tertiary: links, primary buttons) meets AA, as an admin
 * picks it; every other colour stays Discourse's default. #0033cc is the tertiary of
 * Discourse's own "WCAG" scheme (app/models/color_scheme.rb, BUILT_IN_SCHEMES).
 */
export const AA_BRAND_COLOUR = "#0033cc";

export async function useAaBrandColour(page: Page): Promise<void> {
  await page.addStyleTag({
    content: paletteCss({ tertiary: AA_BRAND_COLOUR }),
  });
}
