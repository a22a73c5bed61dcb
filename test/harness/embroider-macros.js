// The @embroider/macros calls that ember-qunit and @ember/test-helpers make, answered for
// this setup (normally Babel evaluates them at build time): ember-source ≥ 4.5 is present,
// we are testing, and QUnit's CSS is loaded by the test page itself.
import * as renderer from "@ember/renderer";

const SYNC_MODULES = { "@ember/renderer": renderer };

export const macroCondition = (condition) => condition;
export const dependencySatisfies = () => true;
export const isTesting = () => true;
export const isDevelopingApp = () => true;
export const getOwnConfig = () => ({ theme: "none", disableContainerStyles: true });
export function importSync(name) {
  const mod = SYNC_MODULES[name];
  if (!mod) {
    throw new Error(`importSync(${name}) is not available in the test harness`);
  }
  return mod;
}
