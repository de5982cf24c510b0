// The children still missing from the consolidation (from completeness), with the option to waive them
// (POST …/waive-children, approvers) for a reason.
import { useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtDate, fmtNumber, fmtPercent } from "../../lib/format";
import { t } from "../../lib/i18n";
import { useMutation } from "../../lib/mutation";
import { href } from "../../lib/router";
import { DataTable, ErrorBox, Notice, StatusBadge, statusLabel, type Column } from "../../lib/ui";
import { unitTypeLabel } from "../completeness/completeness-shared";
import type { CRow } from "./consolidation-model";

export function MissingChildren(props: {
  form: string;
  unit: string;
  period: string;
  children: CRow[];
  canWaive: boolean;
  includeSubmitted: boolean;
  onWaived: () => void;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState("");
  const [done, setDone] = useState<string>("");
  const missing = props.children.filter((r) => r.status !== "approved" && r.status !== "waived");
  const counts = new Map<string, number>();
  for (const r of props.children) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const waivable = missing.filter((r) => r.status !== "submitted" || !props.includeSubmitted);

  const toggle = (code: string, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(code);
      else n.delete(code);
      return n;
    });

  const send = useMutation((why: string, children: string[]) =>
    call(
      api.POST("/api/v1/reports/{form}/{unit}/{period}/waive-children", {
        params: { path: { form: props.form, unit: props.unit, period: props.period } },
        body: { reason: why, children },
      }),
    ),
  );
  const waive = async (e: Event) => {
    e.preventDefault();
    setDone("");
    send.reset();
    const r = reason.trim();
    if (!r) {
      setReasonError(t("Hãy ghi lý do miễn báo cáo.", "Give the reason for the waiver."));
      document.getElementById("waive-reason")?.focus();
      return;
    }
    setReasonError("");
    const children = [...selected].filter((c) => missing.some((m) => m.unit === c));
    if (children.length === 0) return;
    const res = await send.run(r, children);
    if (!res) return;
    setDone(t(`Đã miễn báo cáo cho ${res.waived} đơn vị.`, `${res.waived} unit(s) waived.`));
    setSelected(new Set());
    setReason("");
    props.onWaived();
  };

  const columns: Column<CRow>[] = [
    ...(props.canWaive
      ? [
          {
            key: "select",
            label: t("Chọn", "Select"),
            value: () => "",
            noCsv: true,
            render: (r: CRow) => (
              <input
                type="checkbox"
                class="waive-check"
                aria-label={t(`Chọn ${r.nameVi} để miễn báo cáo`, `Select ${r.nameVi} to waive`)}
                checked={selected.has(r.unit)}
                onChange={(e) => toggle(r.unit, e.currentTarget.checked)}
              />
            ),
          } as Column<CRow>,
        ]
      : []),
    { key: "code", label: t("Mã", "Code"), value: (r) => r.unit },
    {
      key: "name",
      label: t("Đơn vị", "Unit"),
      value: (r) => r.nameVi,
      render: (r) => <a href={href(["reports", props.form, r.unit, props.period])}>{r.nameVi}</a>,
    },
    { key: "type", label: t("Loại", "Type"), value: (r) => unitTypeLabel(r.type) },
    {
      key: "status",
      label: t("Trạng thái", "Status"),
      value: (r) => statusLabel(r.status),
      render: (r) => (
        <>
          <StatusBadge status={r.status} />
          {r.status === "submitted" && (
            <span class="muted small">
              {" "}
              {props.includeSubmitted ? t("(được dùng)", "(used)") : t("(chưa dùng)", "(not used)")}
            </span>
          )}
        </>
      ),
    },
    {
      key: "dueBefore",
      label: t("Hạn (trước ngày)", "Due before"),
      value: (r) => r.dueBefore ?? "",
      render: (r) => fmtDate(r.dueBefore),
    },
    {
      key: "filled",
      label: t("Số liệu đã nhập (%)", "Figures entered (%)"),
      value: (r) => Math.round(r.filled * 1000) / 10,
      render: (r) => fmtPercent(r.filled * 100),
      numeric: true,
    },
  ];

  const order = ["missing", "draft", "returned", "submitted", "approved", "waived"];
  return (
    <section class="card" aria-labelledby="consolidation-missing-h" id="consolidation-missing">
      <h2 id="consolidation-missing-h">{t("Đơn vị cấp dưới chưa được duyệt", "Children not yet approved")}</h2>
      <p>
        {t(
          `${fmtNumber(missing.length)} trong ${fmtNumber(props.children.length)} đơn vị cấp dưới trực tiếp báo cáo biểu mẫu này chưa có báo cáo được duyệt.`,
          `${fmtNumber(missing.length)} of the ${fmtNumber(props.children.length)} direct children that report this form have no approved report.`,
        )}
      </p>
      <ul class="status-counts" aria-label={t("Số đơn vị theo trạng thái", "Units by status")}>
        {order
          .filter((s) => counts.has(s))
          .map((s) => (
            <li>
              <StatusBadge status={s === "waived" ? "waived" : s} /> {fmtNumber(counts.get(s) ?? 0)}
            </li>
          ))}
      </ul>
      <p class="hint">
        {t(
          "Chỉ báo cáo đã duyệt được tổng hợp (và báo cáo đã nộp khi chọn “Dùng cả báo cáo đã nộp”). Đơn vị được miễn báo cáo không cần báo cáo để cấp trên được duyệt.",
          "Only approved reports are consolidated (and submitted ones with “Also use submitted reports”). A waived unit is not needed for the parent's approval.",
        )}
      </p>
      {missing.length > 0 && (
        <DataTable
          id="consolidation-missing-table"
          caption={t("Đơn vị cấp dưới chưa được duyệt", "Children not yet approved")}
          columns={columns}
          rows={missing}
          rowKey={(r) => r.unit}
          csvName={`chua-duyet-${props.form}-${props.period}-${props.unit}.csv`}
        />
      )}
      {props.canWaive && missing.length > 0 && (
        <form class="waive-form" onSubmit={waive} aria-labelledby="waive-h">
          <h3 id="waive-h">{t("Miễn báo cáo", "Waive reports")}</h3>
          <div class="row">
            <button
              type="button"
              class="btn btn-small"
              onClick={() => setSelected(new Set(waivable.map((r) => r.unit)))}
            >
              {t("Chọn tất cả", "Select all")}
            </button>
            <button
              type="button"
              class="btn btn-small"
              onClick={() => setSelected(new Set())}
              disabled={selected.size === 0}
            >
              {t("Bỏ chọn", "Clear selection")}
            </button>
            <span class="muted small" aria-live="polite">
              {t(`Đã chọn ${selected.size} đơn vị`, `${selected.size} selected`)}
            </span>
          </div>
          <div class="field">
            <label for="waive-reason">{t("Lý do miễn báo cáo", "Reason for the waiver")}</label>
            <textarea
              id="waive-reason"
              rows={2}
              value={reason}
              maxLength={2000}
              aria-invalid={reasonError ? "true" : undefined}
              aria-describedby="waive-reason-error waive-reason-hint"
              onInput={(e) => setReason(e.currentTarget.value)}
            />
            <p class="hint" id="waive-reason-hint">
              {t(
                "Việc miễn báo cáo được ghi vào nhật ký và không thu hồi được.",
                "The waiver is recorded in the audit trail and cannot be withdrawn.",
              )}
            </p>
            <p class="field-error" id="waive-reason-error" role="alert">
              {reasonError}
            </p>
          </div>
          <ErrorBox error={send.error} />
          {done && <Notice kind="ok">{done}</Notice>}
          <button type="submit" class="btn" id="waive-button" disabled={send.busy || selected.size === 0}>
            {send.busy
              ? t("Đang ghi…", "Saving…")
              : t(`Miễn báo cáo cho ${selected.size} đơn vị đã chọn`, `Waive the ${selected.size} selected unit(s)`)}
          </button>
        </form>
      )}
    </section>
  );
}
