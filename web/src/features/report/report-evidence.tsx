// Evidence files (minh chứng) of a report: list, upload (raw bytes with X-File-Name), download,
// remove.
import { useState } from "preact/hooks";
import { api, call, rawFetch } from "../../lib/api";
import { fmtDateTime, fmtNumber } from "../../lib/format";
import { t } from "../../lib/i18n";
import { ErrorBox, Loading, Notice, useAsync } from "../../lib/ui";
import type { Report } from "./report-model";

const MAX = 5 * 1024 * 1024;

export function EvidenceTab(props: { report: Report }) {
  const { report } = props;
  const path = { form: report.form.code, unit: report.unit.code, period: report.period.code };
  const list = useAsync(
    () => call(api.GET("/api/v1/reports/{form}/{unit}/{period}/evidence", { params: { path } })),
    [report.version],
  );
  const [target, setTarget] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canAttach = report.editable;
  const targetName = (code: string) => {
    if (!code) return t("Cả báo cáo", "Whole report");
    const s = report.sections.find((x) => x.code === code);
    return s ? t(s.titleVi, s.titleEn || s.titleVi) : code;
  };
  const upload = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setDone(null);
    if (file.size > MAX) {
      setError(
        new Error(
          t(
            `Tệp ${file.name} quá lớn (${fmtNumber(file.size / 1048576, 1)} MB; tối đa 5 MB).`,
            `File ${file.name} is too large (${fmtNumber(file.size / 1048576, 1)} MB; at most 5 MB).`,
          ),
        ),
      );
      return;
    }
    setBusy(true);
    try {
      const base = `/api/v1/reports/${encodeURIComponent(path.form)}/${encodeURIComponent(path.unit)}/${encodeURIComponent(path.period)}/evidence`;
      await rawFetch(base + (target ? `?target=${encodeURIComponent(target)}` : ""), {
        method: "POST",
        headers: {
          "X-File-Name": encodeURIComponent(file.name.normalize("NFC")),
          "Content-Type": "application/octet-stream",
        },
        body: await file.arrayBuffer(),
      });
      setDone(t(`Đã đính kèm ${file.name}.`, `Attached ${file.name}.`));
      setFile(null);
      (e.target as HTMLFormElement).reset();
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: number, name: string) => {
    if (!confirm(t(`Xóa tệp ${name}?`, `Remove ${name}?`))) return;
    setError(null);
    try {
      await call(api.DELETE("/api/v1/evidence/{id}", { params: { path: { id } } }));
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="card" aria-labelledby="ev-h">
      <h2 id="ev-h">{t("Minh chứng", "Evidence")}</h2>
      {list.loading && <Loading />}
      <ErrorBox error={list.error} />
      {list.data && list.data.evidence.length === 0 && (
        <p class="muted">{t("Chưa có tệp minh chứng.", "No evidence files yet.")}</p>
      )}
      {list.data && list.data.evidence.length > 0 && (
        <table class="data" id="evidence-table">
          <thead>
            <tr>
              <th scope="col">{t("Tệp", "File")}</th>
              <th scope="col">{t("Cho phần", "For")}</th>
              <th scope="col" class="num">
                {t("Dung lượng", "Size")}
              </th>
              <th scope="col">{t("Người tải lên", "Uploaded by")}</th>
              <th scope="col">
                <span class="sr-only">{t("Thao tác", "Actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.evidence.map((ev) => (
              <tr>
                <td>
                  <a href={`/api/v1/evidence/${ev.id}`} download={ev.fileName}>
                    {ev.fileName}
                  </a>
                </td>
                <td>{targetName(ev.target)}</td>
                <td class="num">{fmtNumber(ev.size / 1024, 1)} KB</td>
                <td>
                  {ev.uploadedBy}, {fmtDateTime(ev.uploadedAt)}
                </td>
                <td>
                  {canAttach && (
                    <button
                      type="button"
                      class="btn btn-small btn-danger"
                      onClick={() => void remove(ev.id, ev.fileName)}
                    >
                      {t("Xóa", "Remove")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canAttach && (
        <form class="form" onSubmit={upload}>
          <h3>{t("Đính kèm tệp", "Attach a file")}</h3>
          <div class="field">
            <label for="evidence-file">
              {t(
                "Tệp (PDF, ảnh, Word, Excel, ODF, TXT, CSV; tối đa 5 MB)",
                "File (PDF, image, Word, Excel, ODF, TXT, CSV; at most 5 MB)",
              )}
            </label>
            <input id="evidence-file" type="file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          </div>
          <div class="field">
            <label for="evidence-target">{t("Minh chứng cho", "Supports")}</label>
            <select id="evidence-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
              <option value="">{t("Cả báo cáo", "Whole report")}</option>
              {report.sections.map((s) => (
                <option value={s.code}>{t(s.titleVi, s.titleEn || s.titleVi)}</option>
              ))}
            </select>
          </div>
          <ErrorBox error={error} />
          {done && <Notice kind="ok">{done}</Notice>}
          <button type="submit" class="btn btn-primary" disabled={!file || busy}>
            {busy ? t("Đang tải lên…", "Uploading…") : t("Tải lên", "Upload")}
          </button>
        </form>
      )}
    </section>
  );
}
