// Someone else saved the report while this user was typing (409 stale version): each of the user's changes
// beside the value now on the server, and a choice per field.
import { useState } from "preact/hooks";
import { fmtStored } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { keyLabel, serverCells, serverNarratives, type Cell, type Report } from "./report-model";

export interface Conflict {
  current: Report;
  mine: Map<string, Cell>;
  mineNarr: Map<string, string>;
}

/** Someone else saved meanwhile: each of my changes beside the value now on the server; the user picks. */
export function ConflictPanel(props: {
  conflict: Conflict;
  report: Report;
  onResolve: (keep: Map<string, Cell>, keepNarr: Map<string, string>) => void;
}) {
  const { conflict } = props;
  const theirs = serverCells(conflict.current);
  const theirsNarr = serverNarratives(conflict.current);
  const keys = [...conflict.mine.keys()];
  const narrKeys = [...conflict.mineNarr.keys()];
  const [choice, setChoice] = useState<Record<string, "mine" | "theirs">>(() =>
    Object.fromEntries([...keys, ...narrKeys.map((k) => "n:" + k)].map((k) => [k, "mine"])),
  );
  const resolve = () => {
    const keep = new Map<string, Cell>();
    for (const k of keys) if (choice[k] === "mine") keep.set(k, conflict.mine.get(k)!);
    const keepNarr = new Map<string, string>();
    for (const k of narrKeys) if (choice["n:" + k] === "mine") keepNarr.set(k, conflict.mineNarr.get(k)!);
    props.onResolve(keep, keepNarr);
  };
  const setAll = (v: "mine" | "theirs") => setChoice(Object.fromEntries(Object.keys(choice).map((k) => [k, v])));
  const row = (id: string, label: string, mine: string, other: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td>
        <label>
          <input
            type="radio"
            name={`cf-${id}`}
            checked={choice[id] === "mine"}
            onChange={() => setChoice({ ...choice, [id]: "mine" })}
          />{" "}
          {mine || "—"}
        </label>
      </td>
      <td>
        <label>
          <input
            type="radio"
            name={`cf-${id}`}
            checked={choice[id] === "theirs"}
            onChange={() => setChoice({ ...choice, [id]: "theirs" })}
          />{" "}
          {other || "—"}
        </label>
      </td>
    </tr>
  );
  return (
    <section class="card alert-warn" id="conflict" role="alert">
      <h2>{t("Người khác vừa lưu báo cáo này", "Someone else just saved this report")}</h2>
      <p>
        {t(
          `Báo cáo trên máy chủ đã ở phiên bản ${conflict.current.version}. Với mỗi thay đổi của bạn, hãy chọn giữ giá trị của bạn hay giá trị hiện có.`,
          `The report on the server is at version ${conflict.current.version}. For each of your changes, keep yours or the one there now.`,
        )}
      </p>
      <div class="table-scroll">
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{t("Ô", "Field")}</th>
              <th scope="col">{t("Của bạn", "Yours")}</th>
              <th scope="col">{t("Trên máy chủ", "On the server")}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) =>
              row(
                k,
                keyLabel(props.report, k, pick),
                conflict.mine.get(k)!.value,
                fmtStored(theirs.get(k)?.value ?? ""),
              ),
            )}
            {narrKeys.map((k) =>
              row(
                "n:" + k,
                keyLabel(props.report, k, pick),
                conflict.mineNarr.get(k)!.slice(0, 200),
                (theirsNarr.get(k) ?? "").slice(0, 200),
              ),
            )}
          </tbody>
        </table>
      </div>
      <div class="row">
        <button type="button" class="btn" onClick={() => setAll("mine")}>
          {t("Chọn tất cả của tôi", "All mine")}
        </button>
        <button type="button" class="btn" onClick={() => setAll("theirs")}>
          {t("Chọn tất cả trên máy chủ", "All from the server")}
        </button>
        <button type="button" class="btn btn-primary" id="resolve-conflict" onClick={resolve}>
          {t("Áp dụng lựa chọn", "Apply my choices")}
        </button>
      </div>
    </section>
  );
}
