// Stand-in for `discourse/lib/environment` (frontend/discourse/app/lib/environment.js in
// discourse/discourse), the same module state: Discourse's test setup sets "qunit-testing";
// setEnvironment() called while testing leaves "testing" (isTesting() then false), as the
// real one does, which is how a test can see what a forum in production does.
import type {
  isDevelopment as discourseIsDevelopment,
  isProduction as discourseIsProduction,
  isTesting as discourseIsTesting,
  setEnvironment as discourseSetEnvironment,
} from "discourse/lib/environment";

let environment = "unknown";

export const isTesting: typeof discourseIsTesting = () => environment === "qunit-testing";

export const setEnvironment: typeof discourseSetEnvironment = (name: unknown) => {
  environment = isTesting() ? "testing" : String(name);
};

export const isDevelopment: typeof discourseIsDevelopment = () => environment === "development";

export const isProduction: typeof discourseIsProduction = () => environment === "production";
