// Stand-in for `discourse/lib/get-owner` (frontend/discourse/app/lib/get-owner.js in
// discourse/discourse): getOwnerWithFallback() answers the object's owner, else the
// default owner Discourse's test setup registers for each test (setDefaultOwner).
import { getOwner } from "@ember/owner";
import type {
  getOwnerWithFallback as discourseGetOwnerWithFallback,
  setDefaultOwner as discourseSetDefaultOwner,
} from "discourse/lib/get-owner";

let defaultOwner: unknown = null;

export const setDefaultOwner: typeof discourseSetDefaultOwner = (owner: unknown) => {
  defaultOwner = owner;
};

export const getOwnerWithFallback: typeof discourseGetOwnerWithFallback = (obj: unknown) =>
  (obj && typeof obj === "object" ? getOwner(obj) : undefined) ?? defaultOwner;
