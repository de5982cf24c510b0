// The pieces of a report's entry shared by its two layouts (report-entry.tsx: one row per element;
// report-entry-stacked.tsx: one block per element, its options as rows): the typed input, the
// last period's figure, the comments, the consolidated cells and the element's head.
import { fmtDate, fmtNumber, fmtStored } from "../../lib/format";
import { href } from "../../lib/router";
import { lang, pick, t } from "../../lib/i18n";
import { parseValue } from "../../lib/values";
import { SeverityIcon } from "../../lib/ui";
import {
  addsUp,
  cellKey,
  checkComment,
  checkValue,
  consolidationStamp,
  elementBounds,
  isNumeric,
  sourceText,
  stampText,
  type Cell,
  type Element,
  type Violation,
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

export function ValueInput(props: { el: Element; option: string; label: string; entry: EntryProps; hintId?: string }) {
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
      <select
        {...common}
        class="cell"
        value={booleanChoice(c.value)}
        onChange={(e) => entry.setCell(key, { ...c, value: e.currentTarget.value })}
      >
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
      {err && (
        <span class="cell-error" id={errId} role="alert">
          {err}
        </span>
      )}
    </>
  );
}

export function prevText(el: Element, option: string): string {
  const p = el.previous?.[option];
  if (p === undefined || p === "") return "—";
  if (el.valueType === "boolean") return p === "true" || p === "1" ? t("Có", "Yes") : t("Không", "No");
  return fmtStored(p);
}

/** One comment field per option of the element. */
export function CommentFields(props: { el: Element; entry: EntryProps }) {
  const { el, entry } = props;
  return (
    <>
      {el.options.map((o) => {
        const key = cellKey(el.code, o.code);
        const c = entry.cell(key);
        const err = checkComment(c.comment);
        const id = `c-${el.code}-${o.code}`;
        return (
          <div class="field">
            <label for={id}>
              {t("Ghi chú", "Comment")}
              {el.disaggregated ? ` — ${pick(o)}` : ""}
            </label>
            <input
              id={id}
              type="text"
              class="wide"
              value={c.comment}
              disabled={!entry.editable}
              aria-invalid={err ? true : undefined}
              onInput={(e) => entry.setCell(key, { ...c, comment: e.currentTarget.value })}
            />
            {err && (
              <span class="cell-error" role="alert">
                {err}
              </span>
            )}
          </div>
        );
      })}
    </>
  );
}

export function CommentRow(props: { el: Element; entry: EntryProps; colSpan: number }) {
  return (
    <tr class="comment-row">
      <td colSpan={props.colSpan}>
        <CommentFields el={props.el} entry={props.entry} />
      </td>
    </tr>
  );
}

/** True when the element's values or comments hold a comment (the comment fields start open). */
export function hasComment(el: Element, entry: EntryProps): boolean {
  return el.options.some((o) => entry.cell(cellKey(el.code, o.code)).comment !== "");
}

/** How to count the element, in the current language ("" when the package gives nothing). */
export function instruction(el: Element): string {
  const vi = el.instructionVi?.trim() ?? "";
  const en = el.instructionEn?.trim() ?? "";
  return lang() === "en" ? en || vi : vi;
}

/** The children's figure of one option as shown: "17", or "3 / 5 đơn vị" for a yes/no item (children answering yes / children used). */
export function consolidatedText(el: Element, option: string): string {
  const c = el.consolidated?.[option];
  if (!c) return "";
  if (el.valueType === "boolean")
    return t(
      `${fmtStored(c.value)} / ${fmtNumber(c.childrenUsed)} đơn vị`,
      `${fmtStored(c.value)} / ${fmtNumber(c.childrenUsed)} units`,
    );
  return fmtStored(c.value);
}

export function consolidatedTitle(el: Element, option: string): string | undefined {
  const c = el.consolidated?.[option];
  if (!c || el.valueType !== "boolean") return undefined;
  return t(
    `${fmtStored(c.value)} trong ${fmtNumber(c.childrenUsed)} đơn vị cấp dưới trả lời “Có”`,
    `${fmtStored(c.value)} of ${fmtNumber(c.childrenUsed)} units below answered “Yes”`,
  );
}

/** The read-only cells beside one option's input: the children's figure and, for area elements, the whole area. */
export function ConsolidatedCells(props: {
  el: Element;
  option: string;
  areaCol: boolean;
  mixed: boolean;
  area: string | null;
  labels?: [string, string];
}) {
  const { el, option } = props;
  const key = cellKey(el.code, option);
  const text = consolidatedText(el, option);
  return (
    <>
      <td
        class="num consolidated"
        data-consolidated={key}
        title={consolidatedTitle(el, option)}
        data-label={props.labels?.[0]}
      >
        {text || <span class="muted">—</span>}
        {text && props.mixed && el.scope !== "area" && <span class="ref-tag">{t("tham khảo", "for reference")}</span>}
      </td>
      {props.areaCol && (
        <td class="num area" data-area={key} data-label={props.labels?.[1]}>
          {addsUp(el) ? (
            props.area === null ? (
              <span class="muted">—</span>
            ) : (
              fmtStored(props.area)
            )
          ) : (
            <span
              class="muted"
              title={
                el.scope !== "area"
                  ? t(
                      "Chỉ tiêu riêng của đơn vị: không cộng số cấp dưới",
                      "This unit's own figure: the figures below are not added",
                    )
                  : t(
                      "Số trung bình hoặc câu có/không: không cộng với số cấp dưới",
                      "An average or a yes/no item: not added to the figures below",
                    )
              }
            >
              —
            </span>
          )}
        </td>
      )}
    </>
  );
}

/** The element's name, how to count it, its definition, captions, the level above's reason and the rules it breaks. */
export function ElementHead(props: { el: Element; entry: EntryProps; cons: boolean }) {
  const { el, entry, cons } = props;
  const vs = entry.violationsByElement.get(el.code) ?? [];
  const reason = entry.reasons[el.code];
  const name = pick(el);
  const hint = instruction(el);
  const hintId = hint ? `hint-${el.code}` : undefined;
  const description = el.descriptionVi?.trim() ?? "";
  const stamp = cons ? consolidationStamp(el) : null;
  const source = sourceText(el);
  return (
    <>
      <span class="element-name">{name}</span>
      {hint && (
        <span class="el-hint" id={hintId}>
          {hint}
        </span>
      )}
      {description && (
        <details class="el-desc" data-definition={el.code}>
          <summary>
            {t("Định nghĩa", "Definition (in Vietnamese)")}
            <span class="sr-only">: {name}</span>
          </summary>
          <p lang="vi">{description}</p>
        </details>
      )}
      {stamp && (
        <span class="el-caption" data-caption={el.code}>
          {el.scope === "area" ? "" : t("Số cấp dưới chỉ để tham khảo; ", "The figure below is for reference; ")}
          {stampText(stamp)}
        </span>
      )}
      {source && (
        <span class="el-caption">
          {t("Nguồn: ", "Source: ")}
          {source}
        </span>
      )}
      {el.readOnly && el.register && (
        <span class="el-caption" data-register={el.code}>
          {t(
            `Lấy từ sổ đăng ký Ban (thành viên đương nhiệm ngày ${fmtDate(el.register.asOf)}), không sửa ở đây — `,
            `From the committee register (members serving on ${fmtDate(el.register.asOf)}), not edited here — `,
          )}
          <a href={href(["committees", el.register.committeeId])}>
            {t("mở sổ đăng ký Ban", "open the committee register")}
          </a>
        </span>
      )}
      {reason && (
        <span class="cell-error">
          {t("Cấp trên yêu cầu: ", "Returned: ")}
          {reason}
        </span>
      )}
      {vs.map((v) => (
        <span class={`cell-error violation-${v.severity}`} role="alert" data-rule={v.rule}>
          <SeverityIcon kind={v.severity === "blocking" ? "blocking" : "warning"} />
          {t(v.message, v.messageEn)}
        </span>
      ))}
    </>
  );
}

/** The headers of a consolidated element's columns: its own entry, the units below, the whole area. */
export function consolidatedHeads(allOwn: boolean): { own: string; below: string; area: string } {
  return {
    own: t("Số của đơn vị", "This unit's own"),
    below: allOwn
      ? t("Các Ban cấp dưới (tham khảo)", "Committees below (for reference)")
      : t("Cấp dưới (tổng hợp)", "Below (consolidated)"),
    area: t("Toàn địa bàn", "Whole area"),
  };
}
