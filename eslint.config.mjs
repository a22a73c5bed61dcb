import DiscourseRecommended from "@discourse/lint-configs/eslint";

export default [
  ...DiscourseRecommended,
  {
    // The service is linted by its own package; build output and tools are not ours to lint.
    ignores: ["directory-service/**", "tmp/**", ".tools/**", "node_modules/**"],
  },
];
