// The report's workflow dialogs: the check before submitting, returning with a reason per section, and a
// comment (required or not) for approving, reopening and withdrawing.
import { useState } from "preact/hooks";
import { ApiError } from "../../lib/api";
import { Dialog } from "../../lib/dialog";
import { fmtPercent } from "../../lib/format";
import { t } from "../../lib/i18n";
import { useMutation } from "../../lib/mutation";
import { ErrorBox, SeverityIcon } from "../../lib/ui";
import type { Report, Violation } from "./report-model";

/** A dialog's confirmation as a write: `run` gives true once done, undefined when it failed (`error`). */
function useConfirm<A extends unknown[]>(confirm: (...args: A) => Promise<void>) {
  return useMutation(async (...args: A) => {
    await confirm(...args);
    return true;
  });
}

export function SubmitDialog(props: {
  open: boolean;
  report: Report;
  blocking: Violation[];
  unsaved: number;
  locked: string[] | null;
  filled: number;
  onClose: () => void;
  onConfirm: (comment: string) => Promise<void>;
}) {
  const [comment, setComment] = useState("");
  const send = useConfirm(props.onConfirm);
  const warnings = props.report.violations.filter((v) => v.severity === "warning");
  const problemViolations = send.error instanceof ApiError ? (send.error.problem.violations ?? []) : [];
  const blocked = props.blocking.length > 0 || props.unsaved > 0;
  return (
    <Dialog
      open={props.open}
      id="submit-dialog"
      title={t("Kiểm tra trước khi nộp", "Check before submitting")}
      onClose={props.onClose}
    >
      <ul class="violations" id="submit-summary">
        <li>
          {t("Số liệu đã nhập", "Figures entered")}: {fmtPercent(100 * props.filled, 0)}
        </li>
        {props.unsaved > 0 && !props.locked && (
          <li class="violation-blocking">
            {t(
              `${props.unsaved} ô chưa lưu được (chưa hợp lệ) — hãy sửa trước khi nộp.`,
              `${props.unsaved} field(s) could not be saved (invalid) — fix them first.`,
            )}
          </li>
        )}
        {props.unsaved > 0 && props.locked && (
          <li class="violation-blocking">
            {t(
              `${props.unsaved} thay đổi chưa lưu được vì số liệu đang bị khóa bởi báo cáo ${props.locked.join(", ")} — bỏ các thay đổi đó (nút ở cuối trang) hoặc chờ báo cáo kia được trả lại hoặc mở lại.`,
              `${props.unsaved} change(s) could not be saved: the figures are locked by the report ${props.locked.join(", ")} — drop those changes (button at the bottom) or wait until that report is returned or reopened.`,
            )}
          </li>
        )}
        {props.blocking.length === 0 && props.unsaved === 0 && (
          <li class="ok">
            <SeverityIcon kind="ok" />
            {t("Không có lỗi chặn việc nộp.", "No error stops the submission.")}
          </li>
        )}
        {props.blocking.map((v) => (
          <li class="violation-blocking">
            <SeverityIcon kind="blocking" />
            {t(v.message, v.messageEn)}
          </li>
        ))}
        {warnings.map((v) => (
          <li class="violation-warning">
            <SeverityIcon kind="warning" />
            {t(v.message, v.messageEn)}
          </li>
        ))}
        {problemViolations.map((v) => (
          <li class="violation-blocking">
            <SeverityIcon kind="blocking" />
            {t(v.message, v.messageEn)}
          </li>
        ))}
      </ul>
      <div class="field">
        <label for="submit-comment">
          {t("Lời nhắn gửi cấp trên (không bắt buộc)", "Message to the level above (optional)")}
        </label>
        <textarea id="submit-comment" rows={3} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <ErrorBox error={send.error} />
      <div class="row">
        <button
          type="button"
          class="btn btn-primary"
          id="confirm-submit"
          disabled={send.busy || blocked}
          onClick={async () => {
            if (await send.run(comment)) setComment("");
          }}
        >
          {t("Nộp báo cáo", "Submit the report")}
        </button>
        <button type="button" class="btn" onClick={props.onClose}>
          {t("Quay lại sửa", "Back to editing")}
        </button>
      </div>
    </Dialog>
  );
}

export function ReturnDialog(props: {
  open: boolean;
  report: Report;
  onClose: () => void;
  onConfirm: (comment: string, reasons: Record<string, string>) => Promise<void>;
}) {
  const [comment, setComment] = useState("");
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const send = useConfirm(props.onConfirm);
  const filled = Object.fromEntries(Object.entries(reasons).filter(([, v]) => v.trim() !== ""));
  const empty = comment.trim() === "" && Object.keys(filled).length === 0;
  return (
    <Dialog
      open={props.open}
      id="return-dialog"
      title={t("Trả lại báo cáo để sửa", "Return the report for correction")}
      onClose={props.onClose}
    >
      <p class="hint">
        {t(
          "Ghi lý do chung và/hoặc lý do cho từng phần cần sửa; cần ít nhất một lý do.",
          "Give a general reason and/or a reason for each part to correct; at least one is needed.",
        )}
      </p>
      <div class="field">
        <label for="return-comment">{t("Lý do chung", "General reason")}</label>
        <textarea id="return-comment" rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <details open>
        <summary>{t("Lý do theo từng phần", "Reasons per section")}</summary>
        {props.report.sections.map((s) => (
          <div class="field">
            <label for={`reason-${s.code}`}>{t(s.titleVi, s.titleEn || s.titleVi)}</label>
            <input
              id={`reason-${s.code}`}
              type="text"
              value={reasons[s.code] ?? ""}
              onInput={(e) => setReasons({ ...reasons, [s.code]: e.currentTarget.value })}
            />
          </div>
        ))}
      </details>
      <ErrorBox error={send.error} />
      <div class="row">
        <button
          type="button"
          class="btn btn-danger"
          id="confirm-return"
          disabled={send.busy || empty}
          onClick={async () => {
            if (await send.run(comment.trim(), filled)) {
              setComment("");
              setReasons({});
            }
          }}
        >
          {t("Trả lại", "Return")}
        </button>
        <button type="button" class="btn" onClick={props.onClose}>
          {t("Hủy", "Cancel")}
        </button>
      </div>
    </Dialog>
  );
}

export function CommentDialog(props: {
  open: boolean;
  id: string;
  title: string;
  confirm: string;
  required: boolean;
  note?: string;
  onClose: () => void;
  onConfirm: (comment: string) => Promise<void>;
}) {
  const [comment, setComment] = useState("");
  const send = useConfirm(props.onConfirm);
  return (
    <Dialog open={props.open} id={props.id} title={props.title} onClose={props.onClose}>
      {props.note && <p class="muted">{props.note}</p>}
      <div class="field">
        <label for={`${props.id}-comment`}>
          {props.required
            ? t("Lý do (bắt buộc)", "Reason (required)")
            : t("Ý kiến (không bắt buộc)", "Comment (optional)")}
        </label>
        <textarea
          id={`${props.id}-comment`}
          rows={3}
          value={comment}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </div>
      <ErrorBox error={send.error} />
      <div class="row">
        <button
          type="button"
          class="btn btn-primary"
          id={`${props.id}-confirm`}
          disabled={send.busy || (props.required && comment.trim() === "")}
          onClick={async () => {
            if (await send.run(comment.trim())) setComment("");
          }}
        >
          {props.confirm}
        </button>
        <button type="button" class="btn" onClick={props.onClose}>
          {t("Hủy", "Cancel")}
        </button>
      </div>
    </Dialog>
  );
}
