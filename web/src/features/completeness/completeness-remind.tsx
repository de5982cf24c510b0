// "Remind the units that have not reported": a confirmation, then POST /api/v1/completeness/reminders
// and what it did — how many units and people were told, and the units with nobody to tell.
import { useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { Dialog } from "../../lib/dialog";
import { fmtNumber } from "../../lib/format";
import { t } from "../../lib/i18n";
import { useMutation } from "../../lib/mutation";
import { ErrorBox, Notice } from "../../lib/ui";

type Sent = {
  units: number;
  notified: number;
  alreadyToday: number;
  withoutAccount: { unit: string; nameVi: string }[];
};

export function RemindDialog(props: {
  open: boolean;
  onClose: () => void;
  form: string;
  period: string;
  unit: string;
  count: number;
}) {
  const [sent, setSent] = useState<Sent | null>(null);
  const remind = useMutation(async () => {
    const body = { form: props.form, period: props.period, unit: props.unit };
    const out = await call(api.POST("/api/v1/completeness/reminders", { body }));
    setSent(out);
    return out;
  });
  const close = () => {
    setSent(null);
    remind.reset();
    props.onClose();
  };
  return (
    <Dialog
      open={props.open}
      id="remind-dialog"
      title={t("Nhắc các đơn vị chưa nộp báo cáo", "Remind the units that have not reported")}
      onClose={close}
    >
      {!sent && (
        <>
          <p>
            {t(
              `${fmtNumber(props.count)} đơn vị cấp dưới chưa nộp (chưa có báo cáo, đang soạn hoặc bị trả lại). Người nhập liệu của mỗi đơn vị sẽ nhận một thông báo kèm hạn nộp; mỗi người được nhắc tối đa một lần mỗi ngày.`,
              `${fmtNumber(props.count)} lower unit(s) have not reported (no report, a draft or a returned one). Each unit's editors get a notification with the deadline; each at most once a day.`,
            )}
          </p>
          <ErrorBox error={remind.error} />
          <div class="row">
            <button
              type="button"
              class="btn btn-primary"
              id="remind-confirm"
              disabled={remind.busy}
              onClick={() => void remind.run()}
            >
              {remind.busy ? t("Đang gửi…", "Sending…") : t("Gửi lời nhắc", "Send the reminders")}
            </button>
            <button type="button" class="btn" onClick={close}>
              {t("Hủy", "Cancel")}
            </button>
          </div>
        </>
      )}
      {sent && (
        <div id="remind-outcome">
          <Notice kind={sent.units > 0 ? "ok" : "warn"}>
            {sent.units > 0
              ? t(
                  `Đã nhắc ${fmtNumber(sent.units)} đơn vị (${fmtNumber(sent.notified)} thông báo mới).`,
                  `${fmtNumber(sent.units)} unit(s) reminded (${fmtNumber(sent.notified)} new notification(s)).`,
                )
              : t(
                  "Chưa nhắc được đơn vị nào qua tienbo: các đơn vị chưa nộp đều chưa có tài khoản nhập liệu.",
                  "No unit could be reminded through tienbo: none of the units not reported has an editor account.",
                )}
            {sent.alreadyToday > 0 &&
              t(
                ` ${fmtNumber(sent.alreadyToday)} người đã được nhắc hôm nay nên không gửi lại.`,
                ` ${fmtNumber(sent.alreadyToday)} already reminded today, not sent again.`,
              )}
          </Notice>
          {sent.withoutAccount.length > 0 && (
            <>
              <p>
                {t(
                  `${fmtNumber(sent.withoutAccount.length)} đơn vị chưa có tài khoản nhập liệu — cần liên hệ trực tiếp:`,
                  `${fmtNumber(sent.withoutAccount.length)} unit(s) have no editor account — contact them directly:`,
                )}
              </p>
              <ul class="remind-without" id="remind-without">
                {sent.withoutAccount.map((u) => (
                  <li>
                    {u.nameVi} <span class="muted small">({u.unit})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" class="btn" id="remind-close" onClick={close}>
            {t("Đóng", "Close")}
          </button>
        </div>
      )}
    </Dialog>
  );
}
