// The entry tables of a report: one table per run of elements with the same options
// (Nữ | Nam | Tổng computed | last period), typed inputs with their errors at the field,
// comments per value, and the narrative editors. When a section has consolidated figures, each
// option shows the unit's own entry, the children's figure beside it (read-only) and, for an
// area element, the whole area (own + children).
import { useState } from "preact/hooks";
import { fmtDate, fmtNumber, fmtStored } from "../lib/format";
import { href } from "../lib/router";
import { lang, pick, t } from "../lib/i18n";
import { parseValue } from "../lib/values";
import { SeverityIcon } from "../lib/ui";
import {
  addsUp, areaFigure, areaTotal, cellKey, checkComment, checkNarrative, checkValue, consolidatedTotal, consolidationStamp, elementBounds,
  elementTotal, groupByOptions, hasTotal, isNumeric, previousTotal, sectionHasConsolidated, sourceText, stampText,
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

function ValueInput(props: { el: Element; option: string; label: string; entry: EntryProps; hintId?: string }) {
  const { el, option, entry } = props;
  const key = cellKey(el.code, option);
  const c = entry.cell(key);
  const id = `v-${el.code}-${option}`;
  const err = checkValue(el.valueType, c.value, elementBounds(el));
  const errId = `${id}-err`;
  const describedBy = [err ? errId : "", props.hintId ?? ""].filter((x) => x).join(" ");
  const common = {
    id,
    "aria-label": props.label,
    "aria-invalid": err ? true : undefined,
    "aria-describedby": describedBy || undefined,
    // A register owns the figure (the committee's members): read-only here, changed in the register.
    disabled: !entry.editable || !!el.readOnly,
    "data-key": key,
    "data-source": el.readOnly ? "register" : undefined,
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
  } else {
    const wide = el.valueType === "text" || el.valueType === "long_text";
    input = (
      <input
        {...common}
        class={wide ? "cell wide" : "cell"}
        type="text"
        inputMode={el.valueType === "integer" ? "numeric" : isNumeric(el.valueType) ? "decimal" : undefined}
        // dates as Vietnamese write them, whatever the browser's language (lib/values.ts reads them)
        placeholder={el.valueType === "date" ? "dd/mm/yyyy" : undefined}
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

/** How to count the element, in the current language ("" when the package gives nothing). */
function instruction(el: Element): string {
  const vi = el.instructionVi?.trim() ?? "";
  const en = el.instructionEn?.trim() ?? "";
  return lang() === "en" ? en || vi : vi;
}

/** The children's figure of one option as shown: "17", or "3 / 5 đơn vị" for a yes/no item (children answering yes / children used). */
function consolidatedText(el: Element, option: string): string {
  const c = el.consolidated?.[option];
  if (!c) return "";
  if (el.valueType === "boolean") return t(`${fmtStored(c.value)} / ${fmtNumber(c.childrenUsed)} đơn vị`, `${fmtStored(c.value)} / ${fmtNumber(c.childrenUsed)} units`);
  return fmtStored(c.value);
}

function consolidatedTitle(el: Element, option: string): string | undefined {
  const c = el.consolidated?.[option];
  if (!c || el.valueType !== "boolean") return undefined;
  return t(`${fmtStored(c.value)} trong ${fmtNumber(c.childrenUsed)} đơn vị cấp dưới trả lời “Có”`, `${fmtStored(c.value)} of ${fmtNumber(c.childrenUsed)} units below answered “Yes”`);
}

/** The read-only cells beside one option's input: the children's figure and, for area elements, the whole area. */
function ConsolidatedCells(props: { el: Element; option: string; areaCol: boolean; mixed: boolean; area: string | null }) {
  const { el, option } = props;
  const key = cellKey(el.code, option);
  const text = consolidatedText(el, option);
  return (
    <>
      <td class="num consolidated" data-consolidated={key} title={consolidatedTitle(el, option)}>
        {text || <span class="muted">—</span>}
        {text && props.mixed && el.scope !== "area" && <span class="ref-tag">{t("tham khảo", "for reference")}</span>}
      </td>
      {props.areaCol && (
        <td class="num area" data-area={key}>
          {addsUp(el)
            ? (props.area === null ? <span class="muted">—</span> : fmtStored(props.area))
            : <span class="muted" title={el.scope !== "area"
                ? t("Chỉ tiêu riêng của đơn vị: không cộng số cấp dưới", "This unit's own figure: the figures below are not added")
                : t("Số trung bình hoặc câu có/không: không cộng với số cấp dưới", "An average or a yes/no item: not added to the figures below")}>—</span>}
        </td>
      )}
    </>
  );
}

function ElementGroup(props: { group: Element[]; entry: EntryProps; consolidated: boolean }) {
  const { group, entry } = props;
  const first = group[0];
  const showTotal = group.some(hasTotal);
  const cons = props.consolidated;
  const hasArea = group.some((el) => el.scope === "area");
  const allOwn = !hasArea;
  const areaCol = cons && hasArea;
  const mixed = hasArea && group.some((el) => el.scope !== "area");
  const sub = cons ? (areaCol ? 3 : 2) : 1; // columns per option: own [, below [, whole area]]
  const [openComments, setOpenComments] = useState<Set<string>>(new Set());
  const cols = 1 + (first.options.length + (showTotal ? 1 : 0)) * sub + 1 + 1;
  const toggle = (code: string) =>
    setOpenComments((s) => {
      const n = new Set(s);
      if (n.has(code)) n.delete(code);
      else n.add(code);
      return n;
    });
  const ownHead = t("Số của đơn vị", "This unit's own");
  const consHead = allOwn ? t("Các Ban cấp dưới (tham khảo)", "Committees below (for reference)") : t("Cấp dưới (tổng hợp)", "Below (consolidated)");
  const areaHead = t("Toàn địa bàn", "Whole area");
  const groups = first.disaggregated ? first.options.map((o) => pick(o)) : [t("Giá trị", "Value")];
  if (showTotal) groups.push(t("Tổng", "Total"));
  return (
    <table class={cons ? "entry entry-consolidated" : "entry"}>
      <thead>
        {cons ? (
          <>
            <tr>
              <th scope="col" rowSpan={2}>{t("Chỉ tiêu", "Item")}</th>
              {groups.map((g) => <th scope="colgroup" colSpan={sub} class="num option-head">{g}</th>)}
              <th scope="col" rowSpan={2} class="num">{entry.previousLabel}</th>
              <th scope="col" rowSpan={2}><span class="sr-only">{t("Ghi chú", "Comment")}</span></th>
            </tr>
            <tr>
              {groups.map(() => (
                <>
                  <th scope="col" class="num sub-head">{ownHead}</th>
                  <th scope="col" class="num sub-head">{consHead}</th>
                  {areaCol && <th scope="col" class="num sub-head">{areaHead}</th>}
                </>
              ))}
            </tr>
          </>
        ) : (
          <tr>
            <th scope="col">{t("Chỉ tiêu", "Item")}</th>
            {groups.map((g) => <th scope="col" class="num">{g}</th>)}
            <th scope="col" class="num">{entry.previousLabel}</th>
            <th scope="col"><span class="sr-only">{t("Ghi chú", "Comment")}</span></th>
          </tr>
        )}
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
          const hint = instruction(el);
          const hintId = hint ? `hint-${el.code}` : undefined;
          const description = el.descriptionVi?.trim() ?? "";
          const stamp = cons ? consolidationStamp(el) : null;
          const source = sourceText(el);
          const consTotal = consolidatedTotal(el);
          return (
            <>
              <tr class={vs.some((v) => v.severity === "blocking") ? "row-error" : undefined} id={`row-${el.code}`}>
                <th scope="row">
                  <span class="element-name">{name}</span>
                  {hint && <span class="el-hint" id={hintId}>{hint}</span>}
                  {description && (
                    <details class="el-desc" data-definition={el.code}>
                      <summary>{t("Định nghĩa", "Definition (in Vietnamese)")}<span class="sr-only">: {name}</span></summary>
                      <p lang="vi">{description}</p>
                    </details>
                  )}
                  {stamp && (
                    <span class="el-caption" data-caption={el.code}>
                      {el.scope === "area" ? "" : t("Số cấp dưới chỉ để tham khảo; ", "The figure below is for reference; ")}
                      {stampText(stamp)}
                    </span>
                  )}
                  {source && <span class="el-caption">{t("Nguồn: ", "Source: ")}{source}</span>}
                  {el.readOnly && el.register && (
                    <span class="el-caption" data-register={el.code}>
                      {t(`Lấy từ sổ đăng ký Ban (thành viên đương nhiệm ngày ${fmtDate(el.register.asOf)}), không sửa ở đây — `,
                        `From the committee register (members serving on ${fmtDate(el.register.asOf)}), not edited here — `)}
                      <a href={href(["committees", el.register.committeeId])}>{t("mở sổ đăng ký Ban", "open the committee register")}</a>
                    </span>
                  )}
                  {reason && <span class="cell-error">{t("Cấp trên yêu cầu: ", "Returned: ")}{reason}</span>}
                  {vs.map((v) => (
                    <span class={`cell-error violation-${v.severity}`} role="alert" data-rule={v.rule}>
                      <SeverityIcon kind={v.severity === "blocking" ? "blocking" : "warning"} />{t(v.message, v.messageEn)}
                    </span>
                  ))}
                </th>
                {el.options.map((o) => {
                  const label = el.disaggregated ? `${name} — ${pick(o)}` : name;
                  const own = <td class="num"><ValueInput el={el} option={o.code} label={label} entry={entry} hintId={hintId} /></td>;
                  if (!cons) return own;
                  return (
                    <>
                      {own}
                      <ConsolidatedCells el={el} option={o.code} areaCol={areaCol} mixed={mixed}
                        area={areaFigure(el, o.code, entry.cell(cellKey(el.code, o.code)).value)} />
                    </>
                  );
                })}
                {showTotal && <td class="num total" data-total={el.code} aria-label={`${t("Tổng", "Total")}: ${name}`}>{total === null ? "—" : fmtNumber(total, 10)}</td>}
                {showTotal && cons && (
                  <td class="num total consolidated" data-consolidated={`${el.code}.TOTAL`}>{consTotal === null ? <span class="muted">—</span> : fmtStored(consTotal)}</td>
                )}
                {showTotal && areaCol && (() => {
                  const a = areaTotal(el, entry.cell);
                  return <td class="num total area" data-area={`${el.code}.TOTAL`}>{a === null ? <span class="muted">—</span> : fmtStored(a)}</td>;
                })()}
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

/** Once above the sections when the report has consolidated figures: what the three columns are. */
export function ConsolidationLegend() {
  return (
    <div class="alert alert-info consolidation-legend" role="note" id="consolidation-legend">
      <p>
        {t(
          "Báo cáo có số liệu tổng hợp từ cấp dưới. “Số của đơn vị”: số đơn vị tự nhập — chỉ phần do chính đơn vị thực hiện. “Cấp dưới (tổng hợp)”: số của các đơn vị cấp dưới từ lần tổng hợp gần nhất, chỉ để xem. “Toàn địa bàn” = số của đơn vị + số cấp dưới. Chỉ tiêu riêng của Ban (thành viên, cuộc họp, kinh phí…) không cộng số cấp dưới.",
          "This report has figures consolidated from the units below. “This unit's own”: what this unit entered — only what it did itself. “Below (consolidated)”: the units below, from the last consolidation, read-only. “Whole area” = own + below. The committee's own items (members, meetings, budget…) never add the figures below.",
        )}
      </p>
    </div>
  );
}

export function DataSectionView(props: { section: DataSection; entry: EntryProps }) {
  const { section, entry } = props;
  const reason = entry.reasons[section.code];
  const cons = sectionHasConsolidated(section);
  return (
    <section class="card report-section" id={`s-${section.code}`} aria-labelledby={`h-${section.code}`}>
      <h2 id={`h-${section.code}`}>{t(section.titleVi, section.titleEn || section.titleVi)}</h2>
      {reason && <div class="alert alert-warn" role="note">{t("Lý do trả lại: ", "Reason returned: ")}{reason}</div>}
      <div class="table-scroll">
        {groupByOptions(section.elements).map((g) => <ElementGroup group={g} entry={entry} consolidated={cons} />)}
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
