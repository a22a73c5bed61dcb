// The forum's view of who speaks for a listed provider (docs/product.md, "Forum members"):
// the vetting chip next to poster names asks which of a page's posters are members of a
// listed provider's team, and "Contacter" asks a listed provider's team usernames to
// address a private message. Anonymous visitors get no usernames (401).
import { Router } from "express";
import { ProviderMembersQuery, Slug, type ProviderMembersResponse, type ProviderTeam } from "../../contract/index.ts";
import type { Db } from "../../store/database.ts";
import { listedProviderMembers, listedProviderTeam } from "../../store/provider-members.ts";
import { actingUser } from "../auth.ts";
import { ApiError } from "../errors.ts";
import { NoQuery, parseQuery } from "./providers.ts";

export function providerMembersRouter(db: Db): Router {
  const router = Router();

  router.get("/providers/by-members", (req, res) => {
    const { user_ids } = parseQuery(ProviderMembersQuery, req.query);
    const body: ProviderMembersResponse = { members: listedProviderMembers(db, user_ids) };
    res.json(body);
  });

  router.get("/providers/:slug/team", (req, res) => {
    parseQuery(NoQuery, req.query);
    if (actingUser(res) === null)
      throw new ApiError(401, "authentication_required", "sign in to the forum to contact a provider's team");
    const slug = Slug.safeParse(req.params.slug);
    const usernames = slug.success ? listedProviderTeam(db, slug.data) : undefined;
    if (!slug.success || usernames === undefined)
      throw new ApiError(404, "provider_not_found", "no public provider has this slug", [], {});
    const body: ProviderTeam = { slug: slug.data, usernames };
    res.json(body);
  });

  return router;
}
