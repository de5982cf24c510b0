// Approving several reports at once: the confirmation that lists them, and the outcome (how many were
// approved, each refusal explained with a link to its report).
import { useMemo, useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { Dialog } from "../../lib/dialog";
import { t } from "../../lib/i18n";
import { useMutation } from "../../lib/mutation";
import { href } from "../../lib/router";
import { ErrorBox, Notice } from "../../lib/ui";
import { keyOf, type Batch, type Item } from "./reports-types";

export function ApproveDialog(props: {
  open: boolean;
  items: Item[];
  onClose: () => void;
  onDone: (result: Batch) => void;
}) {
  const [comment, setComment] = useState("");
  const approve = useMutation(async () => {
    const body = {
      reports: props.items.map((r) => ({ form: r.form, unit: r.unit, period: r.period, version: r.version })),
      comment: comment.trim(),
    };
    const result = await call(api.POST("/api/v1/reports/approvals", { body }));
    setComment("");
    props.onDone(result);
    return result;
  });
  return (
    <Dialog
      open={props.open}
      id="approve-many-dialog"
      title={t(`Phê duyệt ${props.items.length} báo cáo`, `Approve ${props.items.length} report(s)`)}
      onClose={props.onClose}
    >
      <p>
        {t(
          "Bạn sẽ phê duyệt các báo cáo sau; mỗi báo cáo được ghi vào lịch sử và đơn vị được thông báo.",
          "You are approving these reports; each is recorded in its history and its unit is told.",
        )}
      </p>
      <ul class="approve-list">
        {props.items.map((r) => (
          <li>
            {r.unitNameVi} — {r.formNameVi}, {r.periodLabelVi}
          </li>
        ))}
      </ul>
      <div class="field">
        <label for="approve-many-comment">{t("Ý kiến (không bắt buộc)", "Comment (optional)")}</label>
        <textarea
          id="approve-many-comment"
          rows={2}
          value={comment}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </div>
      <ErrorBox error={approve.error} />
      <div class="row">
        <button
          type="button"
          class="btn btn-primary"
          id="approve-many-confirm"
          disabled={approve.busy || props.items.length === 0}
          onClick={() => void approve.run()}
        >
          {approve.busy ? t("Đang phê duyệt…", "Approving…") : t("Phê duyệt", "Approve")}
        </button>
        <button type="button" class="btn" onClick={props.onClose}>
          {t("Hủy", "Cancel")}
        </button>
      </div>
    </Dialog>
  );
}

/** What a bulk approval did: how many were approved, and why each other one was not. */
export function BatchOutcome(props: { outcome: Batch; rows: Item[]; onClose: () => void }) {
  const names = useMemo(() => new Map(props.rows.map((r) => [keyOf(r), r.unitNameVi])), [props.rows]);
  const refused = props.outcome.results.filter((r) => r.problem);
  return (
    <div id="approve-outcome">
      <Notice kind={refused.length ? "warn" : "ok"}>
        {t(`Đã phê duyệt ${props.outcome.approved} báo cáo.`, `${props.outcome.approved} report(s) approved.`)}
        {refused.length > 0 && t(` ${refused.length} báo cáo chưa được phê duyệt:`, ` ${refused.length} not approved:`)}
        {refused.length > 0 && (
          <ul>
            {refused.map((r) => (
              <li>
                <a href={href(["reports", r.form, r.unit, r.period])}>{names.get(keyOf(r)) ?? r.unit}</a>:{" "}
                {t(r.problem!.detail, r.problem!.detailEn)}
              </li>
            ))}
          </ul>
        )}
        <button type="button" class="btn btn-ghost btn-small" onClick={props.onClose}>
          {t("Đóng", "Close")}
        </button>
      </Notice>
    </div>
  );
}
