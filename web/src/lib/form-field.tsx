// A form's fields and errors: the field the server names in a problem is shown under its input.
import type { ComponentChildren } from "preact";
import { ApiError } from "./api";
import { t } from "./i18n";
import { fieldLabel } from "./labels";

/** The field an error names (ApiError.problem.field), for showing it next to the input. */
export function errorField(err: unknown): string | undefined {
  return err instanceof ApiError ? err.problem.field : undefined;
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return t(err.problem.detail, err.problem.detailEn || err.problem.detail);
  return err instanceof Error ? err.message : String(err);
}

/** A labelled form field whose error (when the server names this field) sits under the input. */
export function Field(props: {
  id: string;
  label: string;
  error?: unknown;
  names?: string[];
  hint?: string;
  children: (aria: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ComponentChildren;
}) {
  const field = errorField(props.error);
  const mine = !!field && (props.names ?? [props.id]).includes(field);
  const errId = `${props.id}-error`;
  const hintId = `${props.id}-hint`;
  const described = [props.hint ? hintId : "", mine ? errId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children({ id: props.id, "aria-invalid": mine, "aria-describedby": described })}
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {mine && (
        <p class="field-error" id={errId} role="alert">
          {errorText(props.error)}
        </p>
      )}
    </div>
  );
}

/** An error box for errors not shown next to a field of the form. */
export function FormError(props: { error: unknown; fields: string[]; id?: string }) {
  const e = props.error;
  if (!e) return null;
  const f = errorField(e);
  if (f && props.fields.includes(f)) return null;
  return (
    <div class="alert alert-error" role="alert" id={props.id}>
      <p class="pre">{errorText(e)}</p>
      {e instanceof ApiError && e.problem.code && (
        <p class="muted small">
          {f && fieldLabel(f) ? `${t("Ô cần sửa: ", "Field: ")}${fieldLabel(f)} · ` : ""}
          {t("Mã lỗi ", "Error code ")}
          {e.problem.code}
        </p>
      )}
    </div>
  );
}
