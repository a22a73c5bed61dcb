// Discourse's colour custom properties, with the values a forum on the default ("Light")
// scheme gives them, so the preview (and its accessibility tests) measure what a forum shows.
//
// Where the values come from, in discourse/discourse:
// - the base colours: app/assets/stylesheets/common/foundation/colors.scss, which
//   app/models/color_scheme.rb reads as the "Light" scheme (ColorScheme.base_colors);
// - the derived ones: app/assets/stylesheets/common/foundation/color_transformations.scss,
//   e.g. `$primary-medium: dark-light-diff($primary, $secondary, 50%, -35%)`, where
//   dark-light-diff (common/foundation/variables.scss) scales the colour's HSL lightness by
//   the first percentage when it is darker than the one it is compared with, else by the
//   second; app/assets/stylesheets/color_definitions.scss publishes each as `--name`.
// Computed here with dart-sass's color.scale, the function Discourse's Sass calls.
//
// With the defaults: --primary-medium is #919191 (3.2:1 on white, below AA for text),
// --primary-high #646464 (5.9:1), --tertiary #0088cc (3.9:1: the forum's brand colour).
import * as sass from "sass";

export interface BaseColors {
  primary: string;
  secondary: string;
  tertiary: string;
  quaternary: string;
  header_background: string;
  header_primary: string;
  highlight: string;
  danger: string;
  success: string;
  love: string;
}

/** The "Light" scheme: colors.scss. */
export const DISCOURSE_DEFAULT_COLORS: BaseColors = {
  primary: "#222222",
  secondary: "#ffffff",
  tertiary: "#0088cc",
  quaternary: "#e45735",
  header_background: "#ffffff",
  header_primary: "#333333",
  highlight: "#ffff4d",
  danger: "#c80001",
  success: "#009900",
  love: "#fa6c8d",
};

type Derived = readonly [
  name: string,
  from: keyof BaseColors,
  comparedWith: keyof BaseColors,
  lighter: number,
  darker: number,
];

/** color_transformations.scss: the properties the plugin and the preview shell use. */
const DERIVED: readonly Derived[] = [
  ["primary-very-low", "primary", "secondary", 97, -82],
  ["primary-low", "primary", "secondary", 90, -78],
  ["primary-low-mid", "primary", "secondary", 70, -45],
  ["primary-medium", "primary", "secondary", 50, -35],
  ["primary-high", "primary", "secondary", 30, -25],
  ["primary-very-high", "primary", "secondary", 15, -10],
  ["primary-50", "primary", "secondary", 97, -82],
  ["primary-100", "primary", "secondary", 94, -80],
  ["primary-200", "primary", "secondary", 90, -78],
  ["primary-300", "primary", "secondary", 80, -60],
  ["primary-400", "primary", "secondary", 70, -45],
  ["primary-500", "primary", "secondary", 60, -40],
  ["primary-600", "primary", "secondary", 50, -35],
  ["primary-700", "primary", "secondary", 38, -30],
  ["primary-800", "primary", "secondary", 30, -25],
  ["primary-900", "primary", "secondary", 15, -10],
  ["secondary-low", "secondary", "primary", 70, -70],
  ["secondary-medium", "secondary", "primary", 50, -50],
  ["secondary-high", "secondary", "primary", 30, -35],
  ["secondary-very-high", "secondary", "primary", 7, -7],
  ["tertiary-very-low", "tertiary", "secondary", 90, -75],
  ["tertiary-low", "tertiary", "secondary", 85, -65],
  ["tertiary-medium", "tertiary", "secondary", 50, -45],
  ["tertiary-high", "tertiary", "secondary", 20, -25],
  ["quaternary-low", "quaternary", "secondary", 70, -70],
  ["highlight-low", "highlight", "secondary", 70, -80],
  ["highlight-medium", "highlight", "secondary", 50, -55],
  ["danger-low", "danger", "secondary", 85, -64],
  ["danger-medium", "danger", "secondary", 30, -35],
  ["success-low", "success", "secondary", 80, -60],
  ["success-medium", "success", "secondary", 50, -40],
  ["love-low", "love", "secondary", 85, -60],
];

const HEX = /^#[0-9a-f]{6}$/i;

/** A `:root { --primary: …; --primary-medium: …; … }` block for the given scheme. */
export function paletteCss(overrides: Partial<BaseColors> = {}): string {
  const colors: BaseColors = { ...DISCOURSE_DEFAULT_COLORS, ...overrides };
  for (const [name, value] of Object.entries(colors)) {
    if (!HEX.test(value)) {
      throw new Error(`${name}: ${value} is not a #rrggbb colour`);
    }
  }
  const base = Object.entries(colors).map(
    ([name, value]) => `  --${name}: ${value};`
  );
  const derived = DERIVED.map(
    ([name, from, comparedWith, lighter, darker]) =>
      `  --${name}: #{shade(${colors[from]}, ${colors[comparedWith]}, ${lighter}%, ${darker}%)};`
  );
  const source = `@use "sass:color";
// The W3C's perceived brightness (0–255).
@function brightness($c) {
  @return color.channel($c, "red", $space: rgb) * 0.299 +
    color.channel($c, "green", $space: rgb) * 0.587 +
    color.channel($c, "blue", $space: rgb) * 0.114;
}
// Lighter when the colour is the darker of the two (a light scheme), darker otherwise.
@function shade($c, $other, $lighter, $darker) {
  $amount: $darker;
  @if brightness($c) < brightness($other) {
    $amount: $lighter;
  }
  @return color.scale($c, $lightness: $amount, $space: hsl);
}
:root {
${[...base, ...derived].join("\n")}
}
`;
  return sass.compileString(source, { style: "expanded" }).css;
}
