// Reporting deadlines (hạn nộp báo cáo): for each form and each reporter level, the day its
// reports are due, where that day comes from (the legal source, or "no legal source — set by
// the standing agency") and who set it last. The nation's administrator or manager changes one
// (PUT /api/v1/forms/{code}/deadlines/{unitType}; the server audits it). Dates are typed as a
// day and a chosen month, never through <input type=date>, so the browser's locale plays no part.
import { Fragment } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { pick, t } from "../../lib/i18n";
import type { Route } from "../../lib/router";
import { can, useSession } from "../../lib/session";
import { ErrorBox, Loading, Notice, Page, useAsync } from "../../lib/ui";
import { unitTypeLabel } from "../../lib/labels";
import "../../lib/org.css";
import "./deadlines.css";
import { deadlineText, periodTypeLabel, type AuditEntry, type Form } from "./deadlines-model";
import { Row, levels } from "./deadlines-table";
import { EditDeadline } from "./deadlines-edit";

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
        ? call(api.GET("/api/v1/audit", { params: { query: { entityType: "form_deadline", limit: 1000 } } })).then(
            (r) => r.entries,
            () => [] as AuditEntry[],
          )
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
            <caption class="sr-only">
              {t("Hạn nộp của từng biểu mẫu theo cấp báo cáo", "The deadline of each form by reporter level")}
            </caption>
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
                {canEdit && (
                  <th scope="col">
                    <span class="sr-only">{t("Thao tác", "Actions")}</span>
                  </th>
                )}
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
