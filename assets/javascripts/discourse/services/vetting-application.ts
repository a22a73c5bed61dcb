// The member's application to the directory (docs/product.md, "Providers", "Vetting"): its
// state as the service last answered it. The draft lives in the service (saved at every
// step), so it survives a reload or a change of device; nothing is kept in the browser.
import { tracked } from "@glimmer/tracking";
import Service from "@ember/service";
import type {
  ApplicationDraft,
  ApplicationView,
  MyStructure,
} from "@emancipasso/directory-service/contract";
import { API_ROOT, directoryRequest } from "../lib/directory-ajax";

export default class VettingApplicationService extends Service {
  /** The member's structure and the invitations waiting for them, once loaded. */
  @tracked mine: MyStructure | null = null;

  get application(): ApplicationView | null {
    return this.mine?.application ?? null;
  }

  async load(): Promise<MyStructure> {
    const mine = (await directoryRequest(
      `${API_ROOT}/structures/mine`
    )) as MyStructure;
    this.mine = mine;
    return mine;
  }

  /** Saves the draft: creates the application on the first save. */
  async saveDraft(draft: ApplicationDraft): Promise<ApplicationView> {
    const current = this.application;
    const view = (
      current
        ? await directoryRequest(
            `${API_ROOT}/applications/${current.id}/draft`,
            "PUT",
            draft
          )
        : await directoryRequest(`${API_ROOT}/applications`, "POST", draft)
    ) as ApplicationView;
    this.#keep(view);
    return view;
  }

  async submit(): Promise<ApplicationView> {
    const current = this.application;
    if (!current) {
      throw new Error("nothing to submit before the first save");
    }
    const view = (await directoryRequest(
      `${API_ROOT}/applications/${current.id}/submit`,
      "POST"
    )) as ApplicationView;
    this.#keep(view);
    return view;
  }

  async invite(username: string): Promise<ApplicationView> {
    const current = this.application;
    if (!current) {
      throw new Error("no structure to invite to");
    }
    const view = (await directoryRequest(
      `${API_ROOT}/structures/${current.id}/invitations`,
      "POST",
      { username }
    )) as ApplicationView;
    this.#keep(view);
    return view;
  }

  async acceptInvitation(applicationId: number): Promise<ApplicationView> {
    const view = (await directoryRequest(
      `${API_ROOT}/structures/${applicationId}/invitations/accept`,
      "POST"
    )) as ApplicationView;
    this.mine = { application: view, invitations: [] };
    return view;
  }

  #keep(view: ApplicationView): void {
    this.mine = {
      application: view,
      invitations: this.mine?.invitations ?? [],
    };
  }
}
