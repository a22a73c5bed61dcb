// Stand-in for `discourse/lib/sidebar/base-community-section-link`
// (app/assets/javascripts/discourse/app/lib/sidebar/base-community-section-link.js): the
// class a community section link extends. As Discourse's: built with the owner (so services
// resolve), it carries currentUser and the options; shouldDisplay defaults to true, badgeText
// to nothing, prefixValue to the overridden icon or "link"; name, route, title and text must
// be given by the subclass.
import { setOwner } from "@ember/owner";
import type Owner from "@ember/owner";

interface LinkOptions {
  inMoreDrawer?: boolean;
  overriddenName?: string;
  overriddenIcon?: string;
}

export default class BaseCommunitySectionLink {
  currentUser: unknown;
  inMoreDrawer: boolean | undefined;
  overriddenName: string | undefined;
  overriddenIcon: string | undefined;

  constructor(owner: Owner, { inMoreDrawer, overriddenName, overriddenIcon }: LinkOptions = {}) {
    setOwner(this, owner);
    // Discourse injects it as a service (@service currentUser).
    this.currentUser = owner.lookup("service:current-user") ?? null;
    this.inMoreDrawer = inMoreDrawer;
    this.overriddenName = overriddenName;
    this.overriddenIcon = overriddenIcon;
  }

  get name(): string {
    throw new Error("not implemented");
  }

  get shouldDisplay(): boolean {
    return true;
  }

  get route(): string | undefined {
    throw new Error("not implemented");
  }

  get title(): string {
    throw new Error("not implemented");
  }

  get text(): string {
    throw new Error("not implemented");
  }

  get badgeText(): string | undefined {
    return undefined;
  }

  get defaultPrefixValue(): string {
    return "link";
  }

  get prefixValue(): string {
    return this.overriddenIcon ?? this.defaultPrefixValue;
  }
}
