// The dashboard's gender gap: female and male values of a sex-disaggregated data element by year, chart and table.
import { useMemo } from "preact/hooks";
import { lang, t } from "../../lib/i18n";
import { fmtNumber } from "../../lib/format";
import { ErrorBox, Loading, Notice, useAsync } from "../../lib/ui";
import { Chart } from "./dashboard-chart";
import { PE, analytics, bySeries, isPartial, loadElements, minCoverage, years } from "./dashboard-data";
import { coverageTitle, partialFootnote } from "./dashboard-wording";
import { genderOption, type GenderYear } from "./dashboard-options";
import { PartialMark, coverageAttr } from "./dashboard-figures";

export function GenderCard(props: { ou: string; unitName: string; dx: string; onElement: (dx: string) => void }) {
  const elements = useAsync(loadElements, []);
  const list = useMemo(
    () => (elements.data ?? []).filter((e) => e.bySex).sort((a, b) => a.nameVi.localeCompare(b.nameVi, "vi")),
    [elements.data],
  );
  const wanted = props.dx.split(".")[0];
  const known = (elements.data ?? []).find((e) => e.code === wanted);
  const el = known ?? list.find((e) => e.code === "BL_NAN_NHAN") ?? list[0];
  const options = el && !el.bySex ? [el, ...list] : list;
  const code = el?.code ?? "";
  const bySex = !!el?.bySex;
  const data = useAsync(async () => {
    if (!code) return null;
    const dx = bySex ? `${code};${code}.NU;${code}.NAM` : code;
    return bySeries(await analytics(dx, props.ou, PE), props.ou);
  }, [code, bySex, props.ou]);

  const elName = el ? t(el.nameVi, el.nameEn || el.nameVi) : "";
  const rows: GenderYear[] = years().map((y) => {
    const v = (dx: string) => {
      const r = data.data?.get(dx)?.get(y);
      return r && r.value !== null && r.value !== undefined ? r.value : null;
    };
    const p = (dx: string) => v(dx) !== null && isPartial(data.data?.get(dx)?.get(y));
    return {
      year: y,
      female: bySex ? v(`${code}.NU`) : null,
      male: bySex ? v(`${code}.NAM`) : null,
      total: v(code),
      partial: bySex ? p(`${code}.NU`) || p(`${code}.NAM`) || p(code) : p(code),
    };
  });
  const option = useMemo(() => genderOption(rows), [JSON.stringify(rows), lang()]); // eslint-disable-line react-hooks/exhaustive-deps
  const title = bySex
    ? t(`Nữ và nam theo năm: ${elName} — ${props.unitName}`, `Women and men by year: ${elName} — ${props.unitName}`)
    : t(`${elName} theo năm — ${props.unitName}`, `${elName} by year — ${props.unitName}`);
  const anyValue = rows.some((r) => r.total !== null || r.female !== null || r.male !== null);

  const anyPartial = rows.some((r) => r.partial);
  const cell = (dx: string, series: string, y: number) => {
    const row = data.data?.get(dx)?.get(y);
    const v = row && row.value !== null && row.value !== undefined ? row.value : null;
    return (
      <td
        class="num"
        data-value={v ?? ""}
        data-series={series}
        data-year={y}
        data-partial={v !== null && isPartial(row) ? "true" : undefined}
        data-coverage={coverageAttr(row?.coverage?.reported, row?.coverage?.expected)}
        title={coverageTitle(row) || undefined}
      >
        {fmtNumber(v, 2)}
        {v !== null && isPartial(row) && <PartialMark />}
      </td>
    );
  };

  return (
    <section class="card dash-gender" aria-labelledby="gender-title">
      <h2 id="gender-title">
        {t("Khoảng cách giới (số liệu phân tách theo giới tính)", "Gender gap (sex-disaggregated data)")}
      </h2>
      {elements.error !== null && <ErrorBox error={elements.error} />}
      {elements.loading && !elements.data && <Loading />}
      {el && (
        <div class="dash-filters">
          <div class="field">
            <label for="gender-element">{t("Chỉ tiêu trong biểu mẫu", "Form item")}</label>
            <select id="gender-element" value={code} onChange={(e) => props.onElement(e.currentTarget.value)}>
              {options.map((e) => (
                <option value={e.code} key={e.code}>
                  {t(e.nameVi, e.nameEn || e.nameVi)} ({e.code})
                </option>
              ))}
            </select>
            <p class="hint">
              {t(
                "Các chỉ tiêu có phân tổ Nữ/Nam trong các biểu mẫu báo cáo.",
                "Data elements with female/male options in the report forms.",
              )}
            </p>
          </div>
        </div>
      )}
      {el && (
        <>
          <h3>{title}</h3>
          {data.error !== null && <ErrorBox error={data.error} />}
          {data.loading && !data.data && <Loading />}
          {!data.loading && !anyValue && (
            <Notice>{t("Chưa có số liệu cho đơn vị này.", "No values for this unit yet.")}</Notice>
          )}
          <div>
            {bySex && (
              <div>
                <Chart id="gender-chart" option={option} label={title} />
              </div>
            )}
            <div class="table-scroll">
              <table class="data" id="gender-table" data-element={code} data-unit={props.ou}>
                <caption>{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("Năm", "Year")}</th>
                    {bySex && (
                      <th scope="col" class="num">
                        {t("Nữ", "Female")}
                      </th>
                    )}
                    {bySex && (
                      <th scope="col" class="num">
                        {t("Nam", "Male")}
                      </th>
                    )}
                    <th scope="col" class="num">
                      {t("Tổng", "Total")}
                    </th>
                    {bySex && (
                      <th scope="col" class="num">
                        {t("Tỷ lệ nữ", "Share of women")}
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => {
                    const share =
                      bySex && r.female !== null && r.male !== null && r.female + r.male > 0
                        ? (r.female / (r.female + r.male)) * 100
                        : null;
                    return (
                      <tr key={r.year} data-year={r.year}>
                        <th scope="row">{r.year}</th>
                        {bySex && cell(`${code}.NU`, "NU", r.year)}
                        {bySex && cell(`${code}.NAM`, "NAM", r.year)}
                        {cell(code, "TOTAL", r.year)}
                        {bySex && (
                          <td
                            class="num"
                            data-value={share ?? ""}
                            data-partial={share !== null && r.partial ? "true" : undefined}
                          >
                            {share === null ? "—" : `${fmtNumber(share, 1)} %`}
                            {share !== null && r.partial && <PartialMark />}
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {anyPartial && (
              <p class="hint dash-footnote" id="gender-footnote">
                {partialFootnote(minCoverage([...(data.data?.values() ?? [])].flatMap((m) => [...m.values()])))}
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );
}
