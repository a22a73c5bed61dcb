// Modules the harness build generates (see build.mjs).
declare module "emancipasso:locales" {
  type Translations = { [key: string]: string | Translations };
  const locales: Record<string, Translations>;
  export default locales;
}

declare module "emancipasso:plugin-modules" {
  const modules: Record<string, Record<string, unknown>>;
  export default modules;
}

declare module "emancipasso:tests" {}
