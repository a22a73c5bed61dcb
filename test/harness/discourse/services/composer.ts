// Stand-in for `discourse/services/composer` (frontend/discourse/app/services/composer.js in
// discourse/discourse), reduced to the call the plugin makes: openNewMessage({ title, body,
// recipients, hasGroups, tags }) opens the composer as core does — action "privateMessage",
// archetype "private_message", the new-message draft key, the recipients as given (one
// comma-separated string of usernames) and the title. The options are kept for tests.
import Service from "@ember/service";
import type ComposerService from "discourse/services/composer";

type OpenNewMessage = ComposerService["openNewMessage"];

export interface ComposerOpenOptions {
  action: "privateMessage";
  archetypeId: "private_message";
  draftKey: "new_private_message";
  recipients: unknown;
  topicTitle: unknown;
  topicBody: unknown;
  hasGroups: unknown;
}

export default class Composer extends Service {
  /** What open() was given, in order. */
  opened: ComposerOpenOptions[] = [];

  openNewMessage: OpenNewMessage = ({ title, body, recipients, hasGroups }) => {
    this.opened.push({
      action: "privateMessage",
      recipients,
      topicTitle: title,
      topicBody: body,
      archetypeId: "private_message",
      draftKey: "new_private_message",
      hasGroups,
    });
    return Promise.resolve();
  };
}
