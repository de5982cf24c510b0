// The entry tables of a report: one table per run of elements with the same options
// (Nữ | Nam | Tổng computed | last period), typed inputs with their errors at the field,
// comments per value, and the narrative editors.
import { useState } from "preact/hooks";
import { fmtNumber, fmtStored } from "../lib/format";
import { pick, t } from "../lib/i18n";
import { parseValue } from "../lib/values";
import {
  cellKey, checkComment, checkNarrative, checkValue, elementBounds, elementTotal, groupByOptions, isNumeric, previousTotal,
  type Cell, type DataSection, type Element, type NarrativeSection, type Violation,
} from "./report-model";

export interface EntryProps {
  cell: (key: string) => Cell;
  setCell: (key: string, cell: Cell) => void;
  editable: boolean;
  violationsByElement: Map<string, Violation[]>;
  reasons: Record<string, string>;
  previousLabel: string;
}

function booleanChoice(v: string): string {
  const r = parseValue("boolean", v);
  return r.ok ? r.value : v;
}

function ValueInput(props: { el: Element; option: string; label: string; entry: EntryProps }) {
  const { el, option, entry } = props;
  const key = cellKey(el.code, option);
  const c = entry.cell(key);
  const id = `v-${el.code}-${option}`;
  const err = checkValue(el.valueType, c.value, elementBounds(el));
  const errId = `${id}-err`;
  const common = {
    id,
    "aria-label": props.label,
    "aria-invalid": err ? true : undefined,
    "aria-describedby": err ? errId : undefined,
    disabled: !entry.editable,
    "data-key": key,
  };
  let input;
  if (el.valueType === "boolean") {
    input = (
      <select {...common} class="cell" value={booleanChoice(c.value)} onChange={(e) => entry.setCell(key, { ...c, value: e.currentTarget.value })}>
        <option value="">—</option>
        <option value="true">{t("Có", "Yes")}</option>
        <option value="false">{t("Không", "No")}</option>
      </select>
    );
  } else if (el.valueType === "date") {
    input = <input {...common} class="cell" type="date" value={c.value} onInput={(e) => entry.setCell(key, { ...c, value: e.currentTarget.value })} />;
  } else {
    const wide = el.valueType === "text" || el.valueType === "long_text";
    input = (
      <input
        {...common}
        class={wide ? "cell wide" : "cell"}
        type="text"
        inputMode={el.valueType === "integer" ? "numeric" : isNumeric(el.valueType) ? "decimal" : undefined}
        autocomplete="off"
        value={c.value /* as typed, or the server's value in its typed form (serverInputCells) */}
        onInput={(e) => entry.setCell(key, { ...c, value: e.currentTarget.value })}
      />
    );
  }
  return (
    <>
      {input}
      {err && <span class="cell-error" id={errId} role="alert">{err}</span>}
    </>
  );
}

function prevText(el: Element, option: string): string {
  const p = el.previous?.[option];
  if (p === undefined || p === "") return "—";
  if (el.valueType === "boolean") return p === "true" || p === "1" ? t("Có", "Yes") : t("Không", "No");
  return fmtStored(p);
}

function CommentRow(props: { el: Element; entry: EntryProps; colSpan: number }) {
  const { el, entry } = props;
  return (
    <tr class="comment-row">
      <td colSpan={props.colSpan}>
        {el.options.map((o) => {
          const key = cellKey(el.code, o.code);
          const c = entry.cell(key);
          const err = checkComment(c.comment);
          const id = `c-${el.code}-${o.code}`;
          return (
            <div class="field">
              <label for={id}>{t("Ghi chú", "Comment")}{el.disaggregated ? ` — ${pick(o)}` : ""}</label>
              <input id={id} type="text" class="wide" value={c.comment} disabled={!entry.editable} aria-invalid={err ? true : undefined}
                onInput={(e) => entry.setCell(key, { ...c, comment: e.currentTarget.value })} />
              {err && <span class="cell-error" role="alert">{err}</span>}
            </div>
          );
        })}
      </td>
    </tr>
  );
}

function ElementGroup(props: { group: Element[]; entry: EntryProps }) {
  const { group, entry } = props;
  const first = group[0];
  const showTotal = first.disaggregated && (isNumeric(first.valueType) || first.valueType === "boolean");
  const [openComments, setOpenComments] = useState<Set<string>>(new Set());
  const cols = 1 + first.options.length + (showTotal ? 1 : 0) + 1 + 1;
  const toggle = (code: string) =>
    setOpenComments((s) => {
      const n = new Set(s);
      if (n.has(code)) n.delete(code);
      else n.add(code);
      return n;
    });
  return (
    <table class="entry">
      <thead>
        <tr>
          <th scope="col">{t("Chỉ tiêu", "Item")}</th>
          {first.disaggregated
            ? first.options.map((o) => <th scope="col" class="num">{pick(o)}</th>)
            : <th scope="col" class="num">{t("Giá trị", "Value")}</th>}
          {showTotal && <th scope="col" class="num">{t("Tổng", "Total")}</th>}
          <th scope="col" class="num">{entry.previousLabel}</th>
          <th scope="col"><span class="sr-only">{t("Ghi chú", "Comment")}</span></th>
        </tr>
      </thead>
      <tbody>
        {group.map((el) => {
          const vs = entry.violationsByElement.get(el.code) ?? [];
          const reason = entry.reasons[el.code];
          const total = elementTotal(el, entry.cell);
          const prevTotal = previousTotal(el);
          const hasComment = el.options.some((o) => entry.cell(cellKey(el.code, o.code)).comment !== "");
          const open = openComments.has(el.code) || hasComment;
          const name = pick(el);
          return (
            <>
              <tr class={vs.some((v) => v.severity === "blocking") ? "row-error" : undefined} id={`row-${el.code}`}>
                <th scope="row">
                  <span class="element-name">{name}</span>
                  {reason && <span class="cell-error">{t("Cấp trên yêu cầu: ", "Returned: ")}{reason}</span>}
                  {vs.map((v) => (
                    <span class={`cell-error violation-${v.severity}`} role="alert" data-rule={v.rule}>
                      {v.severity === "blocking" ? "⛔ " : "⚠ "}{t(v.message, v.messageEn)}
                    </span>
                  ))}
                </th>
                {el.options.map((o) => (
                  <td class="num"><ValueInput el={el} option={o.code} label={el.disaggregated ? `${name} — ${pick(o)}` : name} entry={entry} /></td>
                ))}
                {showTotal && <td class="num total" data-total={el.code} aria-label={`${t("Tổng", "Total")}: ${name}`}>{total === null ? "—" : fmtNumber(total, 10)}</td>}
                <td class="num prev">
                  {el.disaggregated
                    ? <span title={el.options.map((o) => `${pick(o)}: ${prevText(el, o.code)}`).join(" · ")}>
                        {el.options.map((o) => prevText(el, o.code)).join(" / ")}{prevTotal !== null && showTotal ? ` (${fmtNumber(prevTotal, 10)})` : ""}
                      </span>
                    : prevText(el, el.options[0]?.code ?? "TONG")}
                </td>
                <td>
                  <button type="button" class="btn btn-ghost btn-small" aria-expanded={open} aria-label={`${t("Ghi chú", "Comment")}: ${name}`} onClick={() => toggle(el.code)}>
                    {t("Ghi chú", "Note")}
                  </button>
                </td>
              </tr>
              {open && <CommentRow el={el} entry={entry} colSpan={cols} />}
            </>
          );
        })}
      </tbody>
    </table>
  );
}

export function DataSectionView(props: { section: DataSection; entry: EntryProps }) {
  const { section, entry } = props;
  const reason = entry.reasons[section.code];
  return (
    <section class="card report-section" id={`s-${section.code}`} aria-labelledby={`h-${section.code}`}>
      <h2 id={`h-${section.code}`}>{t(section.titleVi, section.titleEn || section.titleVi)}</h2>
      {reason && <div class="alert alert-warn" role="note">{t("Lý do trả lại: ", "Reason returned: ")}{reason}</div>}
      <div class="table-scroll">
        {groupByOptions(section.elements).map((g) => <ElementGroup group={g} entry={entry} />)}
      </div>
    </section>
  );
}

export function NarrativeSectionView(props: {
  section: NarrativeSection;
  text: string;
  setText: (s: string) => void;
  editable: boolean;
  reason?: string;
}) {
  const { section } = props;
  const id = `n-${section.code}`;
  const err = checkNarrative(props.text);
  return (
    <section class="card report-section" id={`s-${section.code}`}>
      <label for={id}><h2 class="label-h">{t(section.titleVi, section.titleEn || section.titleVi)}</h2></label>
      {props.reason && <div class="alert alert-warn" role="note">{t("Lý do trả lại: ", "Reason returned: ")}{props.reason}</div>}
      <textarea id={id} value={props.text} disabled={!props.editable} rows={5} aria-invalid={err ? true : undefined}
        aria-describedby={`${id}-count`} onInput={(e) => props.setText(e.currentTarget.value)} />
      <p class={err ? "field-error" : "hint"} id={`${id}-count`}>{err ?? t(`${fmtNumber(props.text.length)} ký tự`, `${fmtNumber(props.text.length)} characters`)}</p>
    </section>
  );
}
