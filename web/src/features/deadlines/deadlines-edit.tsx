// Changing one deadline: the day typed, the month chosen (never <input type=date>, so the browser's
// locale plays no part), the legal source or "no legal source"; each error at its field.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, call } from "../../lib/api";
import { pick, t } from "../../lib/i18n";
import { ErrorBox } from "../../lib/ui";
import { errorText } from "../../lib/form-field";
import { unitTypeLabel } from "../../lib/labels";
import {
  anchorMonth,
  deadlineText,
  fieldLabel,
  monthOptionLabel,
  parseSource,
  periodTypeLabel,
  sourceOf,
  utf8Bytes,
  validate,
  type Deadline,
  type Draft,
  type Errors,
  type FieldName,
  type Form,
} from "./deadlines-model";

export function EditDeadline(props: {
  form: Form;
  unitType: string;
  deadline: Deadline | undefined;
  onCancel: () => void;
  onSaved: (d: { monthOffset: number; day: number }) => void;
}) {
  const f = props.form;
  const parsed = parseSource(props.deadline?.source ?? "");
  const [draft, setDraft] = useState<Draft>({
    day: props.deadline ? String(props.deadline.day) : "",
    monthOffset: props.deadline?.monthOffset ?? 0,
    legal: props.deadline ? parsed.legal : true,
    text: parsed.text,
  });
  const [errors, setErrors] = useState<Errors>({});
  const [other, setOther] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dayRef = useRef<HTMLInputElement>(null);
  useEffect(() => dayRef.current?.focus(), []);

  const anchor = anchorMonth(f);
  const low = Math.min(0, props.deadline?.monthOffset ?? 0);
  const offsets: number[] = [];
  for (let o = low; o <= 12; ++o) offsets.push(o);
  const source = sourceOf(draft.legal, draft.text);
  const bytes = utf8Bytes(source);
  const level = unitTypeLabel(props.unitType);

  const set = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setOther(null);
    const found = validate(f, draft);
    setErrors(found);
    const first = (["day", "monthOffset", "source"] as FieldName[]).find((k) => found[k]);
    if (first) {
      document.getElementById(`dl-${first === "monthOffset" ? "month" : first}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await call(
        api.PUT("/api/v1/forms/{code}/deadlines/{unitType}", {
          params: { path: { code: f.code, unitType: props.unitType as Deadline["unitType"] } },
          body: { day: Number(draft.day.trim()), monthOffset: draft.monthOffset, source },
        }),
      );
      props.onSaved(r);
    } catch (err) {
      const field = err instanceof ApiError ? err.problem.field : undefined;
      if (field === "day" || field === "monthOffset" || field === "source") {
        const code = err instanceof ApiError && err.problem.code ? ` (${t("mã", "code")} ${err.problem.code})` : "";
        setErrors({ [field]: `${fieldLabel(field)}: ${errorText(err)}${code}` });
        document.getElementById(`dl-${field === "monthOffset" ? "month" : field}`)?.focus();
      } else setOther(err);
    } finally {
      setBusy(false);
    }
  };

  const describe = (id: string, field: FieldName, hint?: boolean) =>
    [hint ? `${id}-hint` : "", errors[field] ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const preview =
    /^\d{1,2}$/.test(draft.day.trim()) && Object.keys(validate(f, draft)).filter((k) => k !== "source").length === 0
      ? deadlineText(f, { day: Number(draft.day.trim()), monthOffset: draft.monthOffset })
      : null;

  return (
    <form class="dl-edit" id="dl-edit-form" onSubmit={submit} noValidate aria-labelledby="dl-edit-h">
      <h2 id="dl-edit-h" class="dl-edit-title">
        {t(`Hạn nộp của ${level.toLowerCase()}`, `Deadline for ${level.toLowerCase()}`)}
        <span class="muted small">
          {" "}
          — {pick(f)} ({periodTypeLabel(f).toLowerCase()})
        </span>
      </h2>
      <div class="dl-date">
        <div class="field dl-day">
          <label for="dl-day">{t("Ngày", "Day")}</label>
          <input
            id="dl-day"
            ref={dayRef}
            type="text"
            inputMode="numeric"
            autocomplete="off"
            maxLength={2}
            size={3}
            value={draft.day}
            aria-invalid={!!errors.day}
            aria-describedby={describe("dl-day", "day")}
            onInput={(e) => set({ day: e.currentTarget.value })}
          />
        </div>
        <span class="dl-slash" aria-hidden="true">
          /
        </span>
        <div class="field dl-month">
          <label for="dl-month">{t("Tháng", "Month")}</label>
          <select
            id="dl-month"
            value={String(draft.monthOffset)}
            aria-invalid={!!errors.monthOffset}
            aria-describedby={describe("dl-month", "monthOffset", true)}
            onChange={(e) => set({ monthOffset: Number(e.currentTarget.value) })}
          >
            {offsets.map((o) => (
              <option value={String(o)}>{monthOptionLabel(anchor, o)}</option>
            ))}
          </select>
        </div>
      </div>
      <p class="hint" id="dl-month-hint">
        {anchor !== null
          ? t(
              "“Cùng năm” là năm của kỳ báo cáo; “năm sau” là năm kế tiếp.",
              "“Same year” is the year of the reporting period; “next year” the one after.",
            )
          : t(
              "Tháng tính từ tháng cuối của kỳ báo cáo; ngày 31 nghĩa là ngày cuối tháng.",
              "Months count from the period's last month; day 31 means the month's last day.",
            )}
        {preview && (
          <>
            {" "}
            <span id="dl-preview">{t(`Hạn mới: trước ${preview}.`, `New deadline: before ${preview}.`)}</span>
          </>
        )}
      </p>
      {errors.day && (
        <p class="field-error" id="dl-day-error" role="alert">
          {errors.day}
        </p>
      )}
      {errors.monthOffset && (
        <p class="field-error" id="dl-month-error" role="alert">
          {errors.monthOffset}
        </p>
      )}

      <fieldset class="dl-source-kind">
        <legend>{t("Căn cứ", "Source")}</legend>
        <label class="org-check">
          <input
            type="radio"
            name="dl-kind"
            id="dl-kind-legal"
            checked={draft.legal}
            onChange={() => set({ legal: true })}
          />
          {t("Có văn bản quy định hạn này", "A document sets this deadline")}
        </label>
        <label class="org-check">
          <input
            type="radio"
            name="dl-kind"
            id="dl-kind-none"
            checked={!draft.legal}
            onChange={() => set({ legal: false })}
          />
          {t(
            "Không có căn cứ pháp lý — do cơ quan thường trực quy định",
            "No legal source — set by the standing agency",
          )}
        </label>
      </fieldset>
      <div class="field">
        <label for="dl-source">
          {draft.legal
            ? t("Văn bản và điểm quy định (số, ngày, mục)", "Document and point (number, date, item)")
            : t("Lý do chọn ngày (không bắt buộc)", "Why this day (optional)")}
        </label>
        <textarea
          id="dl-source"
          rows={3}
          value={draft.text}
          aria-invalid={!!errors.source}
          aria-describedby={describe("dl-source", "source", true)}
          onInput={(e) => set({ text: e.currentTarget.value })}
        />
        <p class="hint" id="dl-source-hint">
          <span class={bytes > 500 ? "dl-over" : undefined}>{t(`${bytes}/500 byte`, `${bytes}/500 bytes`)}</span>
          {" · "}
          {draft.legal
            ? t("Ví dụ: Công văn 56/BVSTBPN ngày 18/4/2017, mục 4.", "E.g. Công văn 56/BVSTBPN of 18/4/2017, item 4.")
            : t(
                "Được lưu kèm câu “Không có căn cứ pháp lý — do cơ quan thường trực quy định”.",
                "Saved after the words “no legal source — set by the standing agency”.",
              )}
        </p>
        {errors.source && (
          <p class="field-error" id="dl-source-error" role="alert">
            {errors.source}
          </p>
        )}
      </div>
      <ErrorBox error={other} id="dl-edit-error" />
      <div class="row">
        <button type="submit" class="btn btn-primary" id="dl-save" disabled={busy}>
          {busy ? t("Đang lưu…", "Saving…") : t("Lưu hạn nộp", "Save the deadline")}
        </button>
        <button type="button" class="btn" id="dl-cancel" onClick={props.onCancel}>
          {t("Hủy", "Cancel")}
        </button>
      </div>
    </form>
  );
}
