// The entry tables of a report: one table per run of elements with the same options
// (Nữ | Nam | Tổng computed | last period), typed inputs with their errors at the field,
// comments per value, and the narrative editors. When a section has consolidated figures, each
// option shows the unit's own entry, the children's figure beside it (read-only) and, for an
// area element, the whole area (own + children).
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { fmtNumber, fmtStored } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import {
  areaFigure,
  areaTotal,
  cellKey,
  checkNarrative,
  consolidatedTotal,
  elementTotal,
  groupByOptions,
  hasTotal,
  previousTotal,
  sectionHasConsolidated,
  type DataSection,
  type Element,
  type NarrativeSection,
} from "./report-model";
import {
  CommentRow,
  ConsolidatedCells,
  consolidatedHeads,
  ElementHead,
  hasComment,
  instruction,
  prevText,
  ValueInput,
  type EntryProps,
} from "./report-cells";
import { StackedGroup, rowLayoutWidth } from "./report-entry-stacked";

export type { EntryProps } from "./report-cells";

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
  const { own: ownHead, below: consHead, area: areaHead } = consolidatedHeads(allOwn);
  const groups = first.disaggregated ? first.options.map((o) => pick(o)) : [t("Giá trị", "Value")];
  if (showTotal) groups.push(t("Tổng", "Total"));
  return (
    <table class={cons ? "entry entry-consolidated" : "entry"}>
      <thead>
        {cons ? (
          <>
            <tr>
              <th scope="col" rowSpan={2}>
                {t("Chỉ tiêu", "Item")}
              </th>
              {groups.map((g) => (
                <th scope="colgroup" colSpan={sub} class="num option-head">
                  {g}
                </th>
              ))}
              <th scope="col" rowSpan={2} class="num">
                {entry.previousLabel}
              </th>
              <th scope="col" rowSpan={2}>
                <span class="sr-only">{t("Ghi chú", "Comment")}</span>
              </th>
            </tr>
            <tr>
              {groups.map(() => (
                <>
                  <th scope="col" class="num sub-head">
                    {ownHead}
                  </th>
                  <th scope="col" class="num sub-head">
                    {consHead}
                  </th>
                  {areaCol && (
                    <th scope="col" class="num sub-head">
                      {areaHead}
                    </th>
                  )}
                </>
              ))}
            </tr>
          </>
        ) : (
          <tr>
            <th scope="col">{t("Chỉ tiêu", "Item")}</th>
            {groups.map((g) => (
              <th scope="col" class="num">
                {g}
              </th>
            ))}
            <th scope="col" class="num">
              {entry.previousLabel}
            </th>
            <th scope="col">
              <span class="sr-only">{t("Ghi chú", "Comment")}</span>
            </th>
          </tr>
        )}
      </thead>
      <tbody>
        {group.map((el) => {
          const vs = entry.violationsByElement.get(el.code) ?? [];
          const total = elementTotal(el, entry.cell);
          const prevTotal = previousTotal(el);
          const open = openComments.has(el.code) || hasComment(el, entry);
          const name = pick(el);
          const hintId = instruction(el) ? `hint-${el.code}` : undefined;
          const consTotal = consolidatedTotal(el);
          return (
            <>
              <tr class={vs.some((v) => v.severity === "blocking") ? "row-error" : undefined} id={`row-${el.code}`}>
                <th scope="row">
                  <ElementHead el={el} entry={entry} cons={cons} />
                </th>
                {el.options.map((o) => {
                  const label = el.disaggregated ? `${name} — ${pick(o)}` : name;
                  const own = (
                    <td class="num">
                      <ValueInput el={el} option={o.code} label={label} entry={entry} hintId={hintId} />
                    </td>
                  );
                  if (!cons) return own;
                  return (
                    <>
                      {own}
                      <ConsolidatedCells
                        el={el}
                        option={o.code}
                        areaCol={areaCol}
                        mixed={mixed}
                        area={areaFigure(el, o.code, entry.cell(cellKey(el.code, o.code)).value)}
                      />
                    </>
                  );
                })}
                {showTotal && (
                  <td class="num total" data-total={el.code} aria-label={`${t("Tổng", "Total")}: ${name}`}>
                    {total === null ? "—" : fmtNumber(total, 10)}
                  </td>
                )}
                {showTotal && cons && (
                  <td class="num total consolidated" data-consolidated={`${el.code}.TOTAL`}>
                    {consTotal === null ? <span class="muted">—</span> : fmtStored(consTotal)}
                  </td>
                )}
                {showTotal &&
                  areaCol &&
                  (() => {
                    const a = areaTotal(el, entry.cell);
                    return (
                      <td class="num total area" data-area={`${el.code}.TOTAL`}>
                        {a === null ? <span class="muted">—</span> : fmtStored(a)}
                      </td>
                    );
                  })()}
                <td class="num prev">
                  {el.disaggregated ? (
                    <span title={el.options.map((o) => `${pick(o)}: ${prevText(el, o.code)}`).join(" · ")}>
                      {el.options.map((o) => prevText(el, o.code)).join(" / ")}
                      {prevTotal !== null && showTotal ? ` (${fmtNumber(prevTotal, 10)})` : ""}
                    </span>
                  ) : (
                    prevText(el, el.options[0]?.code ?? "TONG")
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    class="btn btn-ghost btn-small"
                    aria-expanded={open}
                    aria-label={`${t("Ghi chú", "Comment")}: ${name}`}
                    onClick={() => toggle(el.code)}
                  >
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

/** The width of the element's container, kept up to date (a wide run of options is laid out stacked when it does not fit). */
function useWidth(): [preact.RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(() => Math.max(0, window.innerWidth - 360));
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function DataSectionView(props: { section: DataSection; entry: EntryProps }) {
  const { section, entry } = props;
  const reason = entry.reasons[section.code];
  const cons = sectionHasConsolidated(section);
  const [ref, width] = useWidth();
  return (
    <section class="card report-section" id={`s-${section.code}`} aria-labelledby={`h-${section.code}`}>
      <h2 id={`h-${section.code}`}>{t(section.titleVi, section.titleEn || section.titleVi)}</h2>
      {reason && (
        <div class="alert alert-warn" role="note">
          {t("Lý do trả lại: ", "Reason returned: ")}
          {reason}
        </div>
      )}
      <div class="entry-groups" ref={ref}>
        {groupByOptions(section.elements).map((g) =>
          rowLayoutWidth(g, cons) <= width ? (
            <ElementGroup group={g} entry={entry} consolidated={cons} />
          ) : (
            <StackedGroup group={g} entry={entry} consolidated={cons} />
          ),
        )}
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
      <label for={id}>
        <h2 class="label-h">{t(section.titleVi, section.titleEn || section.titleVi)}</h2>
      </label>
      {props.reason && (
        <div class="alert alert-warn" role="note">
          {t("Lý do trả lại: ", "Reason returned: ")}
          {props.reason}
        </div>
      )}
      <textarea
        id={id}
        value={props.text}
        disabled={!props.editable}
        rows={5}
        aria-invalid={err ? true : undefined}
        aria-describedby={`${id}-count`}
        onInput={(e) => props.setText(e.currentTarget.value)}
      />
      <p class={err ? "field-error" : "hint"} id={`${id}-count`}>
        {err ?? t(`${fmtNumber(props.text.length)} ký tự`, `${fmtNumber(props.text.length)} characters`)}
      </p>
    </section>
  );
}
