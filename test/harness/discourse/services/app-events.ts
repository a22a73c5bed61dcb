// Stand-in for `discourse/services/app-events` (frontend/discourse/app/services/app-events.js
// in discourse/discourse): a service with Ember's Evented on/off/trigger; listeners run
// synchronously, in the order they were added, with the trigger's arguments.
import Evented from "@ember/object/evented";
import Service from "@ember/service";

export default class AppEvents extends Service.extend(Evented) {}
