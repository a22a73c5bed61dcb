// "My structure" and its team: a member belongs to at most one team; the team invites other
// forum members by username, and the invited member accepts.
import { Router } from "express";
import { InviteMember, type MyStructure } from "../../contract/index.ts";
import type { VettingStore } from "../../store/vetting.ts";
import { ApiError } from "../errors.ts";
import { applicationView, type VettingContext } from "./applications.ts";
import { NoQuery, parseQuery } from "./providers.ts";
import { permittedApplication, readJson, refusing, requireUser } from "./vetting-support.ts";
import { ApplicationId } from "../../contract/index.ts";

export function structuresRouter(context: VettingContext): Router {
  const store: VettingStore = context.store;
  const router = Router();

  router.get("/structures/mine", (req, res) => {
    parseQuery(NoQuery, req.query);
    const user = requireUser(res);
    const id = store.applicationIdOf(user.id);
    const body: MyStructure = {
      application: id === undefined ? null : applicationView(context, id, false),
      invitations: id === undefined ? store.invitationsFor(user.username) : [],
    };
    res.json(body);
  });

  router.post("/structures/:id/invitations", (req, res) => {
    parseQuery(NoQuery, req.query);
    const { user, application } = permittedApplication(store, res, req.params.id, "invite");
    const { username } = readJson(req, res, InviteMember);
    const members = applicationView(context, application.id, false).team;
    if (members.some((member) => member.username.toLowerCase() === username.toLowerCase()))
      throw new ApiError(409, "already_in_team", `${username} is already in this team`);
    store.invite(application.id, user, username, context.now());
    res.status(201).json(applicationView(context, application.id, false));
  });

  router.post("/structures/:id/invitations/accept", (req, res) => {
    parseQuery(NoQuery, req.query);
    const user = requireUser(res);
    const id = ApplicationId.safeParse(req.params.id);
    const accepted =
      id.success && refusing(() => store.acceptInvitation(id.data, user, context.now()));
    if (!accepted || !id.success)
      throw new ApiError(404, "invitation_not_found", "no invitation for you to this team");
    res.json(applicationView(context, id.data, false));
  });

  return router;
}
