// A save refused because a value is also in another form's submitted or approved report of the
// same unit and period (409, reason "locked_by_other_report"). Not a version conflict: nobody
// else saved this report, so there is nothing to choose between. The person's typed values stay
// in the inputs (unsaved); this says which report holds them, which fields, and offers to drop
// the changes to those fields so that the rest can be saved.
import { useEffect, useState } from "preact/hooks";
import { api, call, type Problem } from "../../lib/api";
import { pick, t } from "../../lib/i18n";
import { href } from "../../lib/router";
import { keyLabel, type Cell, type Report } from "./report-model";

export interface Lock {
  problem: Problem;
  forms: string[];
}

interface LockingForm {
  code: string;
  name: string;
  elements: Set<string>;
}

export function LockedAlert(props: {
  lock: Lock;
  report: Report;
  pending: Map<string, Cell>;
  onDiscard: (keys: string[]) => void;
}) {
  const { lock, report } = props;
  const unit = report.unit.code;
  const period = report.period.code;
  const [forms, setForms] = useState<Map<string, LockingForm>>(new Map());
  const [unknown, setUnknown] = useState(false); // a locking form could not be read: its fields are not known
  const formsKey = lock.forms.join(",");

  // The locking forms' names and data elements (for the fields concerned); the codes alone if that fails.
  useEffect(() => {
    let live = true;
    void Promise.all(
      lock.forms.map((code) =>
        call(api.GET("/api/v1/forms/{code}", { params: { path: { code }, query: { period } } })).then(
          (f) => {
            const elements = new Set<string>();
            for (const s of f.sections ?? []) for (const el of s.elements ?? []) elements.add(el.code);
            return { code, name: pick(f), elements } as LockingForm;
          },
          () => null,
        ),
      ),
    ).then((list) => {
      if (!live) return;
      const m = new Map<string, LockingForm>();
      for (const f of list) if (f) m.set(f.code, f);
      setForms(m);
      setUnknown(list.some((f) => f === null));
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- formsKey stands for lock.forms (a new array each render)
  }, [formsKey, period]);

  const held = new Set<string>();
  for (const f of forms.values()) for (const e of f.elements) held.add(e);
  // The pending changes the lock concerns; all of them when a locking form's fields are unknown.
  const affected = [...props.pending.keys()].filter((k) => unknown || held.has(k.split(".")[0]));
  const p = lock.problem;
  return (
    <div class="alert alert-error save-locked" role="alert" id="save-locked">
      <p>
        <strong>
          {t(
            "Chưa lưu: số liệu đang bị khóa bởi báo cáo khác",
            "Not saved: these figures are locked by another report",
          )}
        </strong>
      </p>
      <p class="pre">{t(p.detail, p.detailEn || p.detail)}</p>
      {lock.forms.length > 0 && (
        <p>
          {t("Báo cáo đang giữ số liệu này: ", "The report holding them: ")}
          {lock.forms.map((code, i) => (
            <>
              {i > 0 && "; "}
              <a href={href(["reports", code, unit, period])} data-locked-by={code}>
                {code}
                {forms.get(code)?.name ? ` — ${forms.get(code)!.name}` : ""}
              </a>
            </>
          ))}
        </p>
      )}
      {affected.length > 0 && !unknown && (
        <p>
          {t("Ô bị ảnh hưởng: ", "Fields concerned: ")}
          {affected.map((k) => keyLabel(report, k, pick)).join("; ")}
        </p>
      )}
      <p class="small">
        {t(
          "Các giá trị bạn gõ vẫn còn trong ô nhưng chưa được lưu (kể cả các ô khác trong cùng lần lưu). Số liệu đã nộp hoặc đã duyệt chỉ thay đổi được sau khi báo cáo kia bị trả lại hoặc được mở lại.",
          "What you typed is still in the fields but not saved (nor the other fields of the same save). Submitted or approved figures change only after that report is returned or reopened.",
        )}
      </p>
      {affected.length > 0 && (
        <button type="button" class="btn btn-small" id="discard-locked" onClick={() => props.onDiscard(affected)}>
          {unknown
            ? t("Bỏ các thay đổi chưa lưu", "Drop my unsaved changes")
            : t("Bỏ thay đổi ở các ô bị khóa, lưu phần còn lại", "Drop my changes to the locked fields, save the rest")}
        </button>
      )}
    </div>
  );
}
