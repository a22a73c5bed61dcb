// Stand-in for `discourse/lib/get-url`: the forum at the site root (no subfolder prefix).
import type { default as discourseGetURL, withoutPrefix as discourseWithoutPrefix } from "discourse/lib/get-url";

const getURL: typeof discourseGetURL = (url: string) => url;
export default getURL;

export const withoutPrefix: typeof discourseWithoutPrefix = (path: string) => path;
