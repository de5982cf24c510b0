// A form's row of the deadlines table: its deadline per reporter level, the source, who set it last
// (package or login, from the audit trail) and the button that opens the editor.
import { fmtDateTime } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href } from "../../lib/router";
import { unitTypeLabel } from "../../lib/labels";
import { deadlineText, parseSource, type AuditEntry, type Deadline, type Form } from "./deadlines-model";

/** The form's reporter levels: those that send to the nation first (province, ministry, sector), then communes and member agencies. */
export function levels(f: Form): string[] {
  const order = ["nation", "province", "ministry", "sector", "district", "commune", "agency"];
  const types = [...new Set([...f.reporters.map((r) => r.unitType), ...f.dueBefore.map((d) => d.unitType)])];
  return types.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export function Row(props: {
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

export function SourceText(props: { source: string }) {
  const s = parseSource(props.source);
  if (!s.legal) {
    return (
      <div data-legal="false">
        <span class="dl-no-source">
          {t(
            "Chưa có căn cứ pháp lý — do cơ quan thường trực quy định",
            "No legal source — set by the standing agency",
          )}
        </span>
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

export function SetBy(props: { deadline: Deadline; change: AuditEntry | undefined; form: string; unitType: string }) {
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
          aria-label={t(
            `Lịch sử thay đổi hạn nộp ${props.form} — ${unitTypeLabel(props.unitType)}`,
            `History of the deadline ${props.form} — ${unitTypeLabel(props.unitType)}`,
          )}
        >
          {t("Lịch sử", "History")}
        </a>
      )}
    </span>
  );
}
