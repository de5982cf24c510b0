// The stacked layout of a run of elements that does not fit the width as one row per element (the
// Action Month's ten activity forms, a city's consolidated figures, any table on a phone): one
// block per element, its options as rows — the value, the figures below and the whole area when
// consolidated, last period's — so that nothing scrolls sideways. On a narrow screen each option's
// row stacks too (style.css, `.entry-options`), each cell named by its column.
import { useState } from "preact/hooks";
import { fmtNumber, fmtStored } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import {
  areaFigure,
  areaTotal,
  cellKey,
  consolidatedTotal,
  elementTotal,
  hasTotal,
  previousTotal,
  type Element,
} from "./report-model";
import {
  CommentFields,
  ConsolidatedCells,
  consolidatedHeads,
  ElementHead,
  hasComment,
  instruction,
  prevText,
  ValueInput,
  type EntryProps,
} from "./report-cells";

// Widths (CSS pixels) of the row layout's columns, as style.css sets them, padding included.
const LABEL = 220;
const OPTION = 134;
const OWN_CONSOLIDATED = 110;
const READ_ONLY = 102;
const PREVIOUS = 166;
const NOTE = 102;

/** The width a run of elements needs laid out one row per element. */
export function rowLayoutWidth(group: Element[], consolidated: boolean): number {
  const first = group[0];
  const areaCol = consolidated && group.some((el) => el.scope === "area");
  const perOption = consolidated ? OWN_CONSOLIDATED + READ_ONLY + (areaCol ? READ_ONLY : 0) : OPTION;
  const columns = (first.disaggregated ? first.options.length : 1) + (group.some(hasTotal) ? 1 : 0);
  return LABEL + columns * perOption + PREVIOUS + NOTE;
}

export function StackedGroup(props: { group: Element[]; entry: EntryProps; consolidated: boolean }) {
  const { group, consolidated } = props;
  const areaCol = consolidated && group.some((el) => el.scope === "area");
  const mixed = areaCol && group.some((el) => el.scope !== "area");
  const allOwn = !group.some((el) => el.scope === "area");
  return (
    <div class="entry-stacked">
      {group.map((el) => (
        <StackedElement
          el={el}
          entry={props.entry}
          cons={consolidated}
          areaCol={areaCol}
          mixed={mixed}
          allOwn={allOwn}
        />
      ))}
    </div>
  );
}

function StackedElement(props: {
  el: Element;
  entry: EntryProps;
  cons: boolean;
  areaCol: boolean;
  mixed: boolean;
  allOwn: boolean;
}) {
  const { el, entry, cons, areaCol } = props;
  const [opened, setOpened] = useState(false);
  const open = opened || hasComment(el, entry);
  const name = pick(el);
  const hintId = instruction(el) ? `hint-${el.code}` : undefined;
  const blocking = (entry.violationsByElement.get(el.code) ?? []).some((v) => v.severity === "blocking");
  const heads = consolidatedHeads(props.allOwn);
  const own = cons ? heads.own : t("Giá trị", "Value");
  const total = elementTotal(el, entry.cell);
  const prevTotal = previousTotal(el);
  const consTotal = consolidatedTotal(el);
  const areaSum = areaCol ? areaTotal(el, entry.cell) : null;
  return (
    <div class={blocking ? "stacked-element row-error" : "stacked-element"} id={`row-${el.code}`}>
      <div class="stacked-head">
        <ElementHead el={el} entry={entry} cons={cons} />
      </div>
      <table class="entry entry-options">
        <thead>
          <tr>
            <th scope="col">
              {el.disaggregated ? t("Phân tổ", "Breakdown") : <span class="sr-only">{t("Chỉ tiêu", "Item")}</span>}
            </th>
            <th scope="col" class="num">
              {own}
            </th>
            {cons && (
              <th scope="col" class="num">
                {heads.below}
              </th>
            )}
            {areaCol && (
              <th scope="col" class="num">
                {heads.area}
              </th>
            )}
            <th scope="col" class="num">
              {entry.previousLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {el.options.map((o) => {
            const label = el.disaggregated ? `${name} — ${pick(o)}` : name;
            return (
              <tr>
                <th scope="row">{el.disaggregated ? pick(o) : name}</th>
                <td class="num" data-label={own}>
                  <ValueInput el={el} option={o.code} label={label} entry={entry} hintId={hintId} />
                </td>
                {cons && (
                  <ConsolidatedCells
                    el={el}
                    option={o.code}
                    areaCol={areaCol}
                    mixed={props.mixed}
                    labels={[heads.below, heads.area]}
                    area={areaFigure(el, o.code, entry.cell(cellKey(el.code, o.code)).value)}
                  />
                )}
                <td class="num prev" data-label={entry.previousLabel}>
                  {prevText(el, o.code)}
                </td>
              </tr>
            );
          })}
          {hasTotal(el) && (
            <tr class="total-row">
              <th scope="row">{t("Tổng", "Total")}</th>
              <td class="num total" data-total={el.code} data-label={own} aria-label={`${t("Tổng", "Total")}: ${name}`}>
                {total === null ? "—" : fmtNumber(total, 10)}
              </td>
              {cons && (
                <td class="num total consolidated" data-consolidated={`${el.code}.TOTAL`} data-label={heads.below}>
                  {consTotal === null ? <span class="muted">—</span> : fmtStored(consTotal)}
                </td>
              )}
              {areaCol && (
                <td class="num total area" data-area={`${el.code}.TOTAL`} data-label={heads.area}>
                  {areaSum === null ? <span class="muted">—</span> : fmtStored(areaSum)}
                </td>
              )}
              <td class="num prev" data-label={entry.previousLabel}>
                {prevTotal === null ? "—" : fmtNumber(prevTotal, 10)}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <button
        type="button"
        class="btn btn-ghost btn-small"
        aria-expanded={open}
        aria-label={`${t("Ghi chú", "Comment")}: ${name}`}
        onClick={() => setOpened(!opened)}
      >
        {t("Ghi chú", "Note")}
      </button>
      {open && (
        <div class="comment-fields">
          <CommentFields el={el} entry={entry} />
        </div>
      )}
    </div>
  );
}
