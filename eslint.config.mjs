import DiscourseRecommended from "@discourse/lint-configs/eslint";
import TypeScriptParser from "@typescript-eslint/parser";

export default [
  ...DiscourseRecommended,
  {
    // The service is linted by its own package; build output and tools are not ours to lint.
    ignores: ["directory-service/**", "tmp/**", ".tools/**", "node_modules/**"],
  },
  {
    // Discourse's config parses every file with Babel, which reads no TypeScript; .gts files
    // already get ember-eslint-parser, plain .ts files get the TypeScript parser.
    files: ["**/*.ts"],
    languageOptions: { parser: TypeScriptParser },
  },
  {
    // ESLint's core rule reads the parameter names of TypeScript function types as unused;
    // unused parameters are the compiler's job here (noUnusedParameters, run by ember-tsc).
    files: ["**/*.ts", "**/*.gts"],
    rules: { "no-unused-vars": ["error", { args: "none" }] },
  },
];
