// The consolidated values beside the unit's own, section by section: the children's figure (with what it was
// before the last run when it changed), the own value, the whole area and the stamp of the last run.
import type { ComponentChildren } from "preact";
import { fmtNumber, fmtStored } from "../../lib/format";
import { pick, pickField, t } from "../../lib/i18n";
import { addsUp, addDecimal, consolidatedTotal, consolidationStamp, stampText } from "../report/report-model";
import {
  areaValue,
  isData,
  isNarrative,
  showConsolidated,
  showValue,
  type Change,
  type Element,
  type Report,
} from "./consolidation-model";

/** The children's figure of one option, with what it was before the last run when it changed. */
function ConsCell(props: { el: Element; opt: string; changed: Map<string, Change>; total?: boolean }) {
  const { el, opt } = props;
  const key = `${el.code}.${opt}`;
  const text = props.total ? fmtStored(consolidatedTotal(el) ?? "") : showConsolidated(el, opt);
  const ch = props.total ? undefined : props.changed.get(key);
  const ref = text && el.scope !== "area" ? <span class="ref-tag">{t("tham khảo", "for reference")}</span> : null;
  if (!ch)
    return (
      <td class="num consolidated" data-consolidated={key}>
        {text || <span class="muted">—</span>}
        {ref}
      </td>
    );
  return (
    <td class="num consolidated changed" data-consolidated={key}>
      {ch.before && (
        <del class="diff-old" aria-label={t(`trước: ${ch.before}`, `before: ${ch.before}`)}>
          {ch.before}
        </del>
      )}
      {ch.before && " "}
      <span class="diff-new">{text || "∅"}</span>
      {ref}
    </td>
  );
}

function OwnCell(props: { el: Element; opt: string; total?: boolean }) {
  const { el } = props;
  const text = props.total
    ? el.total !== undefined && el.total !== null
      ? fmtNumber(el.total, 10)
      : ""
    : showValue(el, el.values[props.opt]?.value);
  return <td class="num">{text || <span class="muted">—</span>}</td>;
}

function AreaCell(props: { el: Element; opt: string; total?: boolean }) {
  const { el } = props;
  let text = "";
  if (props.total) {
    const c = consolidatedTotal(el);
    if (addsUp(el) && c !== null) {
      let own: string | null = null;
      for (const o of el.options) {
        const v = el.values[o.code]?.value;
        if (v && /^-?\d+(\.\d+)?$/.test(v)) own = own === null ? v : addDecimal(own, v);
      }
      text = fmtStored(own === null ? c : addDecimal(own, c));
    }
  } else text = areaValue(el, props.opt);
  const title = addsUp(el)
    ? undefined
    : t(
        "Không cộng: chỉ tiêu riêng của đơn vị, trung bình hoặc câu có/không",
        "Not added: the unit's own item, an average or a yes/no item",
      );
  return (
    <td class="num area" data-area={`${el.code}.${props.total ? "TOTAL" : props.opt}`} title={title}>
      {text || <span class="muted">—</span>}
    </td>
  );
}

function Stamp(props: { el: Element }) {
  const s = consolidationStamp(props.el);
  return <td class="small muted">{s ? stampText(s) : ""}</td>;
}

export function ValuesTable(props: { report: Report; changed: Map<string, Change> }) {
  const sections = props.report.sections.filter(isData);
  const narratives = props.report.sections.filter(isNarrative);
  return (
    <>
      <div class="table-scroll">
        <table class="data consolidation-values" id="consolidation-values">
          <caption>
            {t(
              "Số liệu của đơn vị và số liệu tổng hợp từ cấp dưới (để riêng, không ghi đè)",
              "The unit's own figures and the figures consolidated from below (kept apart, never overwritten)",
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("Chỉ tiêu", "Item")}</th>
              <th scope="col" class="num">
                {t("Số của đơn vị", "This unit's own")}
              </th>
              <th scope="col" class="num">
                {t("Cấp dưới (tổng hợp)", "Below (consolidated)")}
              </th>
              <th scope="col" class="num">
                {t("Toàn địa bàn", "Whole area")}
              </th>
              <th scope="col">{t("Nguồn tổng hợp", "Consolidated from")}</th>
            </tr>
          </thead>
          {sections.map((s) => (
            <tbody>
              <tr class="section-row">
                <th scope="colgroup" colSpan={5}>
                  {pickField(s, "title")}
                </th>
              </tr>
              {s.elements.map((el) => {
                const rows: ComponentChildren[] = [];
                const name = (
                  <th scope="row" class="el-name">
                    {pick(el)}
                    {el.scope !== "area" && (
                      <span class="ref-tag">{t("chỉ tiêu riêng của đơn vị", "the unit's own item")}</span>
                    )}
                  </th>
                );
                if (!el.disaggregated) {
                  rows.push(
                    <tr>
                      {name}
                      <OwnCell el={el} opt="TONG" />
                      <ConsCell el={el} opt="TONG" changed={props.changed} />
                      <AreaCell el={el} opt="TONG" />
                      <Stamp el={el} />
                    </tr>,
                  );
                } else {
                  rows.push(
                    <tr class="element-total-row">
                      {name}
                      <OwnCell el={el} opt="" total />
                      <ConsCell el={el} opt="TOTAL" changed={props.changed} total />
                      <AreaCell el={el} opt="" total />
                      <Stamp el={el} />
                    </tr>,
                  );
                  for (const o of el.options) {
                    rows.push(
                      <tr class="option-row">
                        <th scope="row" class="el-option">
                          {pick(o)}
                        </th>
                        <OwnCell el={el} opt={o.code} />
                        <ConsCell el={el} opt={o.code} changed={props.changed} />
                        <AreaCell el={el} opt={o.code} />
                        <td></td>
                      </tr>,
                    );
                  }
                }
                return rows;
              })}
            </tbody>
          ))}
        </table>
      </div>
      {narratives.length > 0 && (
        <div class="consolidation-narratives" id="consolidation-narratives">
          <h3>
            {t("Nội dung báo cáo (ghép từ báo cáo cấp dưới)", "Report text (compiled from the lower units' reports)")}
          </h3>
          {narratives.map((s) => (
            <details>
              <summary>
                {pickField(s, "title")}{" "}
                <span class="muted small">
                  {s.text
                    ? t(`(${fmtNumber(s.text.length)} ký tự)`, `(${fmtNumber(s.text.length)} characters)`)
                    : t("(trống)", "(empty)")}
                </span>
              </summary>
              {s.text ? (
                <p class="pre narrative-text">{s.text}</p>
              ) : (
                <p class="muted">{t("Chưa có nội dung.", "Nothing written.")}</p>
              )}
            </details>
          ))}
        </div>
      )}
    </>
  );
}
