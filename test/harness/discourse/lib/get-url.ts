// Stand-in for `discourse/lib/get-url` (frontend/discourse/app/lib/get-url.js in
// discourse/discourse) for a forum at the site root: no subfolder prefix to add or remove.
import type { default as discourseGetURL, withoutPrefix as discourseWithoutPrefix } from "discourse/lib/get-url";

const getURL: typeof discourseGetURL = (url: string) => url;
export default getURL;

export const withoutPrefix: typeof discourseWithoutPrefix = (path: string) => path;
