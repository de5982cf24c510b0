// Reporting deadlines (hạn nộp báo cáo): for each form and each reporter level, the day its
// reports are due, where that day comes from (the legal source, or "no legal source — set by
// the standing agency") and who set it last. The nation's administrator or manager changes one
// (PUT /api/v1/forms/{code}/deadlines/{unitType}; the server audits it). Dates are typed as a
// day and a chosen month, never through <input type=date>, so the browser's locale plays no part.
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href, type Route } from "../../lib/router";
import { can, useSession } from "../../lib/session";
import { ErrorBox, Loading, Notice, Page, useAsync } from "../../lib/ui";
import { errorText, unitTypeLabel } from "../org/org-common";
import "../org/org.css";
import "./deadlines.css";

type Form = Schemas["FormSummary"];
type Deadline = Schemas["FormDeadline"];
type AuditEntry = Schemas["AuditEntry"];

/** The package's wording for a deadline without a legal source (metadata package, forms.json). */
export const NO_SOURCE = "Không có căn cứ pháp lý — do cơ quan thường trực quy định / no legal source — set by the standing agency.";
const NO_SOURCE_RE = /^\s*(Không|Chưa) có căn cứ pháp lý[^/.]*(\/\s*no legal source[^.]*)?\.?\s*/i;

/** Splits a source into "no legal source" and the reason that may follow it. */
export function parseSource(source: string): { legal: boolean; text: string } {
  const s = source.trim();
  if (s === "") return { legal: false, text: "" };
  const m = NO_SOURCE_RE.exec(s);
  if (m) return { legal: false, text: s.slice(m[0].length).trim() };
  return { legal: true, text: s };
}

function sourceOf(legal: boolean, text: string): string {
  const x = text.trim();
  if (legal) return x;
  return x ? `${NO_SOURCE} ${x}` : NO_SOURCE;
}

function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

// ---------------------------------------------------------------- dates

const MONTH_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/** Days of each month; February 28 (a deadline must exist every year). */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The last month of the form's period when it has one period a year (the annual form: 12;
 * the first half-year only: 6); null when the deadline is relative to several periods. */
export function anchorMonth(f: Pick<Form, "periodType" | "expectedPeriods">): number | null {
  const n = f.expectedPeriods;
  switch (f.periodType) {
    case "year":
      return 12;
    case "half_year":
      return n.length === 1 ? 6 * n[0] : null;
    case "quarter":
      return n.length === 1 ? 3 * n[0] : null;
    case "month":
      return n.length === 1 ? n[0] : null;
  }
  return null;
}

/** Month `offset` months after the anchor: the calendar month and the year (0 same, 1 next, -1 before). */
function monthAfter(anchor: number, offset: number): { month: number; year: number } {
  const m = anchor + offset; // 1-based, may leave 1..12
  const year = Math.floor((m - 1) / 12);
  return { month: m - 12 * year, year };
}

function yearWord(year: number): string {
  if (year === 0) return t("cùng năm", "same year");
  if (year === 1) return t("năm sau", "next year");
  if (year === -1) return t("năm trước", "the year before");
  return t(`${year} năm sau`, `${year} years later`);
}

const pad = (n: number) => String(n).padStart(2, "0");

export function periodTypeLabel(f: Pick<Form, "periodType" | "expectedPeriods">): string {
  const n = f.expectedPeriods;
  switch (f.periodType) {
    case "year":
      return t("Hằng năm", "Annual");
    case "half_year":
      if (n.length === 1) return n[0] === 1 ? t("6 tháng đầu năm", "First half-year") : t("6 tháng cuối năm", "Second half-year");
      return t("6 tháng", "Half-yearly");
    case "quarter":
      if (n.length > 0 && n.length < 4) return t(`Quý ${n.join(", ")}`, `Quarter ${n.join(", ")}`);
      return t("Hằng quý", "Quarterly");
    case "month":
      if (n.length > 0 && n.length < 12) return t(`Tháng ${n.join(", ")}`, `Month ${n.join(", ")}`);
      return t("Hằng tháng", "Monthly");
  }
  return f.periodType;
}

/** "15/12 cùng năm", "15/01 năm sau"; relative for forms of several periods a year. */
export function deadlineText(f: Form, d: { monthOffset: number; day: number }): string {
  const a = anchorMonth(f);
  if (a !== null) {
    const { month, year } = monthAfter(a, d.monthOffset);
    if (d.day > DAYS_IN_MONTH[month - 1])
      return t(`ngày cuối tháng ${month} ${yearWord(year)}`, `the last day of ${MONTH_EN[month - 1]}, ${yearWord(year)}`);
    return t(`${pad(d.day)}/${pad(month)} ${yearWord(year)}`, `${pad(d.day)}/${pad(month)}, ${yearWord(year)}`);
  }
  if (d.monthOffset === 0) return t(`ngày ${d.day} tháng cuối kỳ`, `day ${d.day} of the period's last month`);
  return t(`ngày ${d.day} tháng thứ ${d.monthOffset} sau kỳ`, `day ${d.day}, ${d.monthOffset} month(s) after the period's last month`);
}

function monthOptionLabel(anchor: number | null, offset: number): string {
  if (anchor === null) {
    if (offset === 0) return t("Tháng cuối kỳ", "The period's last month");
    return offset > 0 ? t(`Tháng thứ ${offset} sau kỳ`, `${offset} month(s) after the period`) : t(`${-offset} tháng trước cuối kỳ`, `${-offset} month(s) before the period's end`);
  }
  const { month, year } = monthAfter(anchor, offset);
  return t(`Tháng ${month} ${yearWord(year)}`, `${MONTH_EN[month - 1]}, ${yearWord(year)}`);
}

interface Draft {
  day: string;
  monthOffset: number;
  legal: boolean;
  text: string;
}

type FieldName = "day" | "monthOffset" | "source";
type Errors = Partial<Record<FieldName, string>>;

/** The form's own checks, each naming its field; the server checks again (422). */
export function validate(f: Form, d: Draft): Errors {
  const errors: Errors = {};
  const dayText = d.day.trim();
  const a = anchorMonth(f);
  if (dayText === "") errors.day = t("Ngày: chưa nhập ngày nộp.", "Day: enter the day.");
  else if (!/^\d{1,2}$/.test(dayText)) errors.day = t("Ngày: nhập số ngày từ 1 đến 31 (ví dụ 15).", "Day: enter a day number from 1 to 31 (e.g. 15).");
  else {
    const day = Number(dayText);
    if (a !== null) {
      const { month } = monthAfter(a, d.monthOffset);
      const max = DAYS_IN_MONTH[month - 1];
      if (day < 1 || day > max) {
        errors.day =
          month === 2
            ? t(`Ngày: ${pad(day)}/02 không phải ngày hợp lệ — tháng 2 chỉ có 28 ngày (29 ngày năm nhuận), chọn ngày từ 1 đến 28.`, `Day: ${pad(day)}/02 is not a date — February has 28 days (29 in a leap year); choose a day from 1 to 28.`)
            : t(`Ngày: ${pad(day)}/${pad(month)} không phải ngày hợp lệ — tháng ${month} có ${max} ngày.`, `Day: ${pad(day)}/${pad(month)} is not a date — ${MONTH_EN[month - 1]} has ${max} days.`);
      }
    } else if (day < 1 || day > 31) {
      errors.day = t("Ngày: nhập số ngày từ 1 đến 31.", "Day: enter a day from 1 to 31.");
    }
  }
  if (d.monthOffset < 0 || d.monthOffset > 12)
    errors.monthOffset = t("Tháng: chọn một tháng trong danh sách (cuối kỳ đến 12 tháng sau kỳ).", "Month: choose a month from the list (the period's last month to 12 months after).");
  if (d.legal && d.text.trim() === "")
    errors.source = t("Căn cứ: nhập văn bản và điểm quy định hạn này, hoặc chọn “Không có căn cứ pháp lý”.", "Source: enter the document and point that set this deadline, or choose “No legal source”.");
  return errors;
}

// ---------------------------------------------------------------- the screen

export default function DeadlinesScreen(props: { route: Route }) {
  // the shell may render this screen for a moment with the next screen's route
  if (props.route.path[0] !== "deadlines") return null;
  return <Deadlines />;
}

interface Saved {
  form: Form;
  unitType: string;
  text: string;
}

function Deadlines() {
  const { me } = useSession();
  const canEdit = can(me, "deadlines.edit");
  const forms = useAsync(() => call(api.GET("/api/v1/forms")).then((r) => r.forms), []);
  // when each deadline was last changed (the audit trail; the nation's managers may read it)
  const audit = useAsync(
    () =>
      canEdit
        ? call(api.GET("/api/v1/audit", { params: { query: { entityType: "form_deadline", limit: 1000 } } })).then((r) => r.entries, () => [] as AuditEntry[])
        : Promise.resolve([] as AuditEntry[]),
    [],
  );
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const focusAfter = useRef<string | null>(null);

  useEffect(() => {
    if (!focusAfter.current || forms.loading) return;
    document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  });

  const lastChange = new Map<string, AuditEntry>();
  for (const e of audit.data ?? []) {
    const old = lastChange.get(e.entityId);
    if (!old || e.seq > old.seq) lastChange.set(e.entityId, e);
  }

  return (
    <Page
      wide
      title={t("Hạn nộp báo cáo", "Reporting deadlines")}
      subtitle={t(
        "Mỗi cấp gửi báo cáo trước ngày ghi ở cột Hạn nộp (từ ngày đó là trễ hạn), để cấp trên kịp tổng hợp.",
        "Each level sends its reports before the day in the Deadline column (from that day on they are late), so the level above has time to consolidate.",
      )}
    >
      {!canEdit && (
        <Notice>
          {t(
            "Chỉ quản trị viên hoặc cán bộ quản lý cấp quốc gia (cơ quan thường trực) được thay đổi hạn nộp.",
            "Only the nation's administrator or manager (the standing agency) may change the deadlines.",
          )}
        </Notice>
      )}
      {saved && (
        <div class="alert alert-ok" role="status" id="dl-saved">
          <p>
            {t(
              `Đã lưu hạn nộp ${pick(saved.form)} của ${unitTypeLabel(saved.unitType).toLowerCase()}: trước ${saved.text}. Thay đổi được ghi vào nhật ký hệ thống.`,
              `Saved the deadline of ${pick(saved.form)} for ${unitTypeLabel(saved.unitType).toLowerCase()}: before ${saved.text}. The change is in the audit trail.`,
            )}
          </p>
        </div>
      )}
      {forms.loading && !forms.data && <Loading />}
      <ErrorBox error={forms.error} />
      {forms.data && (
        <div class="table-scroll">
          <table class="data dl-table" id="deadlines-table">
            <caption class="sr-only">{t("Hạn nộp của từng biểu mẫu theo cấp báo cáo", "The deadline of each form by reporter level")}</caption>
            <colgroup>
              <col class="dl-col-level" />
              <col class="dl-col-when" />
              <col />
              <col class="dl-col-who" />
              {canEdit && <col class="dl-col-actions" />}
            </colgroup>
            <thead>
              <tr>
                <th scope="col">{t("Cấp báo cáo", "Reporter level")}</th>
                <th scope="col">{t("Hạn nộp (trước ngày)", "Deadline (before)")}</th>
                <th scope="col">{t("Căn cứ", "Source")}</th>
                <th scope="col">{t("Người đặt gần nhất", "Last set by")}</th>
                {canEdit && <th scope="col"><span class="sr-only">{t("Thao tác", "Actions")}</span></th>}
              </tr>
            </thead>
            {forms.data.map((f) => (
              <tbody key={f.code} data-form={f.code}>
                <tr class="dl-form-row">
                  <th scope="rowgroup" colSpan={canEdit ? 5 : 4} id={`dl-form-${f.code}`}>
                    <span class="dl-form-name">{pick(f)}</span>{" "}
                    <span class="dl-form-meta">
                      <span class="org-code">{f.code}</span>{" "}
                      <span data-period-type={f.periodType}>
                        {t("Kỳ báo cáo: ", "Reporting period: ")}
                        {periodTypeLabel(f)}
                      </span>
                    </span>
                  </th>
                </tr>
                {levels(f).map((unitType) => {
                  const d = f.dueBefore.find((x) => x.unitType === unitType);
                  const key = `${f.code}/${unitType}`;
                  const open = editing === key;
                  const editId = `dl-edit-${f.code}-${unitType}`;
                  return (
                    <Fragment key={key}>
                      <Row
                        form={f}
                        unitType={unitType}
                        deadline={d}
                        change={lastChange.get(key)}
                        canEdit={canEdit}
                        open={open}
                        editId={editId}
                        onEdit={() => {
                          setSaved(null);
                          setEditing(key);
                        }}
                      />
                      {open && (
                        <tr class="dl-edit-row">
                          <td colSpan={5}>
                            <EditDeadline
                              form={f}
                              unitType={unitType}
                              deadline={d}
                              onCancel={() => {
                                focusAfter.current = editId;
                                setEditing(null);
                              }}
                              onSaved={(s) => {
                                focusAfter.current = editId;
                                setEditing(null);
                                setSaved({ form: f, unitType, text: deadlineText(f, s) });
                                forms.reload();
                                audit.reload();
                              }}
                            />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            ))}
          </table>
        </div>
      )}
      <p class="hint">
        {t(
          "Hạn “cùng năm” là trong năm của kỳ báo cáo, “năm sau” là năm kế tiếp (ví dụ báo cáo năm 2025 hạn 15/01 năm sau là trước 15/01/2026). Hạn do gói danh mục đặt sẵn có căn cứ pháp lý hoặc ghi rõ là do cơ quan thường trực quy định; hạn đã được sửa ở đây được giữ nguyên khi nạp lại gói.",
          "“Same year” is the year of the reporting period, “next year” the one after (a 2025 annual report due before 15/01 next year is due before 15/01/2026). The package's defaults cite their legal source or say the standing agency set them; a deadline changed here is kept when the package is loaded again.",
        )}
      </p>
    </Page>
  );
}

/** The form's reporter levels: those that send to the nation first (province, ministry, sector), then communes and member agencies. */
function levels(f: Form): string[] {
  const order = ["nation", "province", "ministry", "sector", "district", "commune", "agency"];
  const types = [...new Set([...f.reporters.map((r) => r.unitType), ...f.dueBefore.map((d) => d.unitType)])];
  return types.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

function Row(props: {
  form: Form;
  unitType: string;
  deadline: Deadline | undefined;
  change: AuditEntry | undefined;
  canEdit: boolean;
  open: boolean;
  editId: string;
  onEdit: () => void;
}) {
  const { form: f, unitType, deadline: d } = props;
  const level = unitTypeLabel(unitType);
  return (
    <tr data-form={f.code} data-unit-type={unitType} class={props.open ? "dl-open" : undefined}>
      <th scope="row" class="dl-level" data-label={t("Cấp báo cáo", "Reporter level")}>
        {level}
      </th>
      <td class="dl-when" data-label={t("Hạn nộp", "Deadline")} data-day={d?.day} data-month-offset={d?.monthOffset}>
        {d ? (
          <span>
            <span class="dl-before">{t("trước ", "before ")}</span>
            <strong>{deadlineText(f, d)}</strong>
          </span>
        ) : (
          <span class="muted">{t("Chưa đặt hạn", "No deadline")}</span>
        )}
      </td>
      <td class="dl-source" data-label={t("Căn cứ", "Source")}>
        {d && <SourceText source={d.source} />}
      </td>
      <td class="dl-set-by" data-label={t("Người đặt", "Set by")} data-set-by={d?.setBy}>
        {d && <SetBy deadline={d} change={props.change} form={f.code} unitType={unitType} />}
      </td>
      {props.canEdit && (
        <td class="dl-actions">
          <button
            type="button"
            class="btn btn-small"
            id={props.editId}
            aria-expanded={props.open}
            aria-controls={props.open ? "dl-edit-form" : undefined}
            aria-label={t(`Sửa hạn nộp: ${pick(f)} — ${level}`, `Change the deadline: ${pick(f)} — ${level}`)}
            onClick={props.onEdit}
            disabled={props.open}
          >
            {d ? t("Sửa", "Change") : t("Đặt hạn", "Set")}
          </button>
        </td>
      )}
    </tr>
  );
}

function SourceText(props: { source: string }) {
  const s = parseSource(props.source);
  if (!s.legal) {
    return (
      <div data-legal="false">
        <span class="dl-no-source">{t("Chưa có căn cứ pháp lý — do cơ quan thường trực quy định", "No legal source — set by the standing agency")}</span>
        {s.text && (
          <details class="dl-more">
            <summary>{t("Lý do chọn ngày", "Why this day")}</summary>
            <p>{s.text}</p>
          </details>
        )}
      </div>
    );
  }
  // "Công văn 56/BVSTBPN ngày 18/4/2017, mục 4: "…"" → the document, then the quote
  const colon = s.text.indexOf(":");
  const head = colon > 0 && colon <= 160 ? s.text.slice(0, colon) : s.text;
  return (
    <div data-legal="true">
      <span class="dl-citation">{head}</span>
      {head !== s.text && (
        <details class="dl-more">
          <summary>{t("Nguyên văn", "Full text")}</summary>
          <p>{s.text}</p>
        </details>
      )}
    </div>
  );
}

function SetBy(props: { deadline: Deadline; change: AuditEntry | undefined; form: string; unitType: string }) {
  const d = props.deadline;
  if (d.setBy === "package") return <span>{t("Gói danh mục (mặc định)", "Metadata package (default)")}</span>;
  const c = props.change && props.change.actor === d.setBy ? props.change : undefined;
  return (
    <span class="dl-who">
      <span>{d.setBy}</span>
      {c && <span class="muted small"> · {fmtDateTime(c.occurredAt)}</span>}{" "}
      {c && (
        <a
          class="small dl-history"
          href={href("/audit", { type: "form_deadline", id: `${props.form}/${props.unitType}` })}
          aria-label={t(`Lịch sử thay đổi hạn nộp ${props.form} — ${unitTypeLabel(props.unitType)}`, `History of the deadline ${props.form} — ${unitTypeLabel(props.unitType)}`)}
        >
          {t("Lịch sử", "History")}
        </a>
      )}
    </span>
  );
}

// ---------------------------------------------------------------- editing

function EditDeadline(props: {
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
  const preview = /^\d{1,2}$/.test(draft.day.trim()) && Object.keys(validate(f, draft)).filter((k) => k !== "source").length === 0
    ? deadlineText(f, { day: Number(draft.day.trim()), monthOffset: draft.monthOffset })
    : null;

  return (
    <form class="dl-edit" id="dl-edit-form" onSubmit={submit} noValidate aria-labelledby="dl-edit-h">
      <h2 id="dl-edit-h" class="dl-edit-title">
        {t(`Hạn nộp của ${level.toLowerCase()}`, `Deadline for ${level.toLowerCase()}`)}
        <span class="muted small"> — {pick(f)} ({periodTypeLabel(f).toLowerCase()})</span>
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
        <span class="dl-slash" aria-hidden="true">/</span>
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
          ? t("“Cùng năm” là năm của kỳ báo cáo; “năm sau” là năm kế tiếp.", "“Same year” is the year of the reporting period; “next year” the one after.")
          : t("Tháng tính từ tháng cuối của kỳ báo cáo; ngày 31 nghĩa là ngày cuối tháng.", "Months count from the period's last month; day 31 means the month's last day.")}
        {preview && (
          <>
            {" "}
            <span id="dl-preview">{t(`Hạn mới: trước ${preview}.`, `New deadline: before ${preview}.`)}</span>
          </>
        )}
      </p>
      {errors.day && <p class="field-error" id="dl-day-error" role="alert">{errors.day}</p>}
      {errors.monthOffset && <p class="field-error" id="dl-month-error" role="alert">{errors.monthOffset}</p>}

      <fieldset class="dl-source-kind">
        <legend>{t("Căn cứ", "Source")}</legend>
        <label class="org-check">
          <input type="radio" name="dl-kind" id="dl-kind-legal" checked={draft.legal} onChange={() => set({ legal: true })} />
          {t("Có văn bản quy định hạn này", "A document sets this deadline")}
        </label>
        <label class="org-check">
          <input type="radio" name="dl-kind" id="dl-kind-none" checked={!draft.legal} onChange={() => set({ legal: false })} />
          {t("Không có căn cứ pháp lý — do cơ quan thường trực quy định", "No legal source — set by the standing agency")}
        </label>
      </fieldset>
      <div class="field">
        <label for="dl-source">
          {draft.legal ? t("Văn bản và điểm quy định (số, ngày, mục)", "Document and point (number, date, item)") : t("Lý do chọn ngày (không bắt buộc)", "Why this day (optional)")}
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
            : t("Được lưu kèm câu “Không có căn cứ pháp lý — do cơ quan thường trực quy định”.", "Saved after the words “no legal source — set by the standing agency”.")}
        </p>
        {errors.source && <p class="field-error" id="dl-source-error" role="alert">{errors.source}</p>}
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

function fieldLabel(field: FieldName): string {
  switch (field) {
    case "day":
      return t("Ngày", "Day");
    case "monthOffset":
      return t("Tháng", "Month");
    case "source":
      return t("Căn cứ", "Source");
  }
}
