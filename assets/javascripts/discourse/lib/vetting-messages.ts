// Field problems in the reader's language (emancipasso.vetting.field_errors.<code>): the
// service's detail codes and the form's own checks share these strings.
import { i18n } from "discourse-i18n";
import { FIELD_ERROR_CODES, type FieldError } from "./vetting-form";

export function fieldErrorMessage(error: FieldError): string {
  const code = (FIELD_ERROR_CODES as readonly string[]).includes(error.code)
    ? error.code
    : "invalid";
  return String(
    i18n(`emancipasso.vetting.field_errors.${code}`, { ...error.params })
  );
}
