// Stand-in for `discourse/routes/discourse`: an Ember route (Discourse's adds title tokens
// and the current user, which the directory's routes do not use).
import Route from "@ember/routing/route";

export default class DiscourseRoute extends Route {}
