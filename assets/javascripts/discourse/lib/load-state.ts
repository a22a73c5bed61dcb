// The state of one asynchronous load, tracked so templates re-render when it settles.
import { tracked } from "@glimmer/tracking";
import { DirectoryError, toDirectoryError } from "./directory-error";

export class LoadState<T> {
  @tracked isLoading = true;
  @tracked value: T | null = null;
  @tracked error: DirectoryError | null = null;

  readonly promise: Promise<void>;

  /** `onValue` runs once the value arrives (never during the render that started the load). */
  constructor(promise: Promise<T>, onValue?: (value: T) => void) {
    this.promise = promise.then(
      (value) => {
        this.value = value;
        onValue?.(value);
        this.isLoading = false;
      },
      (rejection: unknown) => {
        this.error = toDirectoryError(rejection);
        this.isLoading = false;
      }
    );
  }
}
