// The indicator dashboard (#/dashboard?ou=<unit>&ind=<indicator>&dx=<element>&h=<hierarchy>): cards for every
// indicator of the National Strategy's objectives and the two programmes, with the latest value, the target, the progress
// status and its explanation; the selected indicator's trend with its target path; a comparison of the unit's children
// (drill down, breadcrumb back up, territorial or sector hierarchy); female and male values of a sex-disaggregated data
// element by year. Every chart has a data table next to it.
import type { ComponentChildren } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { lang, pick, t } from "../../lib/i18n";
import { onSessionEnd } from "../../lib/session-cache";
import { fmtNumber } from "../../lib/format";
import { href, navigate, replaceQuery, type Route } from "../../lib/router";
import { useSession } from "../../lib/session";
import { DataTable, ErrorBox, Loading, Notice, Page, useAsync, type Column } from "../../lib/ui";
import { Chart, type ChartClick } from "./dashboard-chart";
import {
  FIRST_YEAR,
  LAST_YEAR,
  PE,
  STATUS,
  analytics,
  bySeries,
  coverageLine,
  coverageShort,
  coverageTitle,
  explain,
  fmtTarget,
  growthLine,
  fmtShare,
  fmtValue,
  hierarchyLabel,
  isPartial,
  latest,
  latestComplete,
  latestPartial,
  loadChildren,
  loadElements,
  loadIndicators,
  loadAllProgress,
  loadUnitContext,
  minCoverage,
  opSymbol,
  partialFootnote,
  partialNote,
  statusText,
  targetFor,
  typeLabel,
  unitText,
  years,
  type AnalyticsRow,
  type Indicator,
  type IndicatorGroup,
  type Progress,
  type Series,
  type Unit,
} from "./dashboard-data";
import { childrenOption, genderOption, targetPath, trendOption, trendYears, type BarItem, type GenderYear } from "./dashboard-options";
import "./dashboard.css";

type Query = Record<string, string | undefined>;

function useNarrow(): boolean {
  const mq = "(max-width: 640px)";
  const [narrow, setNarrow] = useState(() => window.matchMedia(mq).matches);
  useEffect(() => {
    const m = window.matchMedia(mq);
    const f = () => setNarrow(m.matches);
    m.addEventListener("change", f);
    return () => m.removeEventListener("change", f);
  }, []);
  return narrow;
}

let indicatorsPromise: Promise<IndicatorGroup[]> | null = null;
onSessionEnd(() => (indicatorsPromise = null));
function indicators(): Promise<IndicatorGroup[]> {
  if (!indicatorsPromise) {
    indicatorsPromise = loadIndicators();
    indicatorsPromise.catch(() => (indicatorsPromise = null));
  }
  return indicatorsPromise;
}

export default function Screen(props: { route: Route }) {
  const { me } = useSession();
  const q = props.route.query;
  const ou = (q.get("ou") || me.unit || "VN").trim();
  const indParam = q.get("ind") ?? "";
  const dxParam = q.get("dx") ?? "";
  const hParam = q.get("h") ?? "";
  const query = (over: Query): Query => ({ ou, ind: indParam || undefined, dx: dxParam || undefined, h: hParam || undefined, ...over });
  const narrow = useNarrow();

  const groups = useAsync(indicators, []);
  const ctx = useAsync(() => loadUnitContext(ou), [ou]);
  const all = useMemo(() => (groups.data ?? []).flatMap((g) => g.indicators), [groups.data]);
  const loaded = useAsync(async () => {
    const list = (await indicators()).flatMap((g) => g.indicators);
    if (list.length === 0) return { ou, series: new Map() as Series };
    return { ou, series: bySeries(await analytics(list.map((i) => i.code).join(";"), ou), ou) };
  }, [ou]);
  // The previous unit's values are kept while the next unit's load: never shown as this unit's.
  const values = { data: loaded.data?.ou === ou ? loaded.data.series : undefined, loading: loaded.loading || (loaded.error === null && loaded.data?.ou !== ou), error: loaded.error };

  // Progress of every indicator at the unit, in one request.
  const [progress, setProgress] = useState<{ ou: string; map: Map<string, Progress | null>; loaded: boolean }>({ ou, map: new Map(), loaded: false });
  const unitOk = !!ctx.data && ctx.data.unit.code === ou;
  useEffect(() => {
    if (all.length === 0 || !unitOk) return;
    let alive = true;
    setProgress({ ou, map: new Map(), loaded: false });
    void loadAllProgress(ou).then((m) => {
      if (alive) setProgress({ ou, map: new Map(all.map((ind) => [ind.code, m.get(ind.code) ?? null] as const)), loaded: true });
    });
    return () => {
      alive = false;
    };
  }, [ou, all, unitOk]);
  const progressMap = progress.ou === ou ? progress.map : new Map<string, Progress | null>();

  // Without ?ind=: the first indicator with a value at the unit (once the values are known).
  const selected: Indicator | undefined =
    all.find((i) => i.code === indParam) ?? (values.data || values.error ? all.find((i) => latest(values.data?.get(i.code))) ?? all[0] : undefined);

  const detailHeading = useRef<HTMLHeadingElement>(null);
  const choose = (code: string) => {
    replaceQuery(query({ ind: code }));
    requestAnimationFrame(() => {
      const h = detailHeading.current;
      if (h) {
        h.focus({ preventScroll: true });
        h.scrollIntoView({ behavior: "smooth", block: "start" });
      }
    });
  };
  const drill = (code: string) => navigate("/dashboard", query({ ou: code, h: undefined }));

  const unit = ctx.data?.unit;
  const unitName = unit ? pick(unit) : ou;

  return (
    <Page title={t("Chỉ tiêu bình đẳng giới", "Gender equality targets")} wide subtitle={<Breadcrumb ou={ou} ctx={ctx.data} unitName={unitName} query={query} />}>
      {ctx.error !== null && (
        <>
          <ErrorBox error={ctx.error} />
          {ou !== me.unit && me.unit && (
            <p>
              <a href={href("/dashboard", { ou: me.unit, ind: indParam || undefined })}>{t("Xem đơn vị của tôi", "Show my own unit")}</a>
            </p>
          )}
        </>
      )}
      {ctx.error === null && (
        <>
      <p class="dash-intro muted">
        {t(
          `Giá trị mới nhất ${FIRST_YEAR}–${LAST_YEAR}, mục tiêu và đánh giá tiến độ (phương pháp Thống kê Canada/Open SDG) của các chỉ tiêu Chiến lược quốc gia về bình đẳng giới 2021–2030 và các chương trình QĐ 2282, QĐ 1790. Chọn một chỉ tiêu để xem xu hướng, so sánh các đơn vị trực thuộc.`,
          `Latest value ${FIRST_YEAR}–${LAST_YEAR}, target and progress assessment (Statistics Canada / Open SDG method) of the indicators of the National Strategy on Gender Equality 2021–2030 and the programmes of Decisions 2282 and 1790. Choose an indicator to see its trend and compare the units below.`,
        )}
      </p>

      {groups.error !== null && <ErrorBox error={groups.error} />}
      {values.error !== null && <ErrorBox error={values.error} />}
      {groups.loading && !groups.data && <Loading />}

      <div id="indicator-cards" aria-busy={values.loading}>
        {(groups.data ?? []).map((g) => (
          <section class="dash-group" aria-labelledby={`grp-${g.code}`} key={g.code} style={{ "--n": String(g.indicators.length) }}>
            <h2 id={`grp-${g.code}`}>{pick(g)}</h2>
            <ul class="dash-cards">
              {g.indicators.map((ind) => (
                <li key={ind.code}>
                  <IndicatorCard
                    ind={ind}
                    series={values.data?.get(ind.code)}
                    valuesLoading={values.loading}
                    progress={progressMap.get(ind.code)}
                    progressLoaded={progressMap.has(ind.code)}
                    selected={selected?.code === ind.code}
                    onSelect={() => choose(ind.code)}
                  />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>

      {selected && (
        <div class="dash-detail" id="indicator-detail">
          <h2 id="detail-title" tabIndex={-1} ref={detailHeading}>
            <span class="muted">{t("Chỉ tiêu", "Indicator")} {selected.number}: </span>
            {pick(selected)}
          </h2>
          <IndicatorSource ind={selected} />
        </div>
      )}
      <div class="dash-layout">
        {selected && (
          <>
            <TrendCard
              key={selected.code}
              ind={selected}
              series={values.data?.get(selected.code)}
              loading={values.loading}
              unitName={unitName}
              narrow={narrow}
            />
            <ChildrenCard
              key={`${selected.code}-${ou}`}
              ind={selected}
              ou={ou}
              unitName={unitName}
              hierarchy={hParam}
              onHierarchy={(h) => replaceQuery(query({ h }))}
              onDrill={drill}
              query={query}
              narrow={narrow}
            />
          </>
        )}
        <GenderCard key={ou} ou={ou} unitName={unitName} dx={dxParam} onElement={(dx) => replaceQuery(query({ dx }))} />
      </div>
        </>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------- breadcrumb

function Breadcrumb(props: { ou: string; ctx?: { unit: Unit; ancestors: Unit[] }; unitName: string; query: (o: Query) => Query }) {
  const anc = props.ctx?.ancestors ?? [];
  return (
    <nav aria-label={t("Đơn vị đang xem", "Unit shown")} class="dash-crumbs">
      <ol>
        {anc.map((a) => (
          <li key={a.code}>
            <a href={href("/dashboard", props.query({ ou: a.code, h: undefined }))}>{pick(a)}</a>
          </li>
        ))}
        <li>
          <span aria-current="page" id="dashboard-unit" data-unit={props.ou}>{props.unitName}</span>
        </li>
      </ol>
    </nav>
  );
}

// ---------------------------------------------------------------- cards

function StatusBadge(props: { status?: Progress["status"]; loading?: boolean }) {
  if (props.loading) return <span class="dash-status st-loading">{t("Đang đánh giá…", "Assessing…")}</span>;
  const s = props.status ?? "no_data";
  const info = STATUS[s];
  return (
    <span class={`dash-status st-${s}`}>
      <span aria-hidden="true" class="dash-status-icon">{info?.icon ?? "?"}</span>
      {statusText(s)}
    </span>
  );
}

/** The visible mark of a partial figure ("*"), with its meaning for screen readers. */
function PartialMark() {
  return (
    <>
      <span aria-hidden="true" class="dash-partial-star">*</span>
      <span class="sr-only">{t(" (số liệu chưa đầy đủ)", " (partial figure)")}</span>
    </>
  );
}

/** "126/130": the data-coverage attribute of a figure; undefined without coverage. */
function coverageAttr(reported: number | null | undefined, expected: number | null | undefined): string | undefined {
  return reported === null || reported === undefined || expected === null || expected === undefined ? undefined : `${reported}/${expected}`;
}

/** A figure of a table: its value, its coverage on hover and a mark when partial. */
function Figure(props: { row: AnalyticsRow | undefined; decimals: number; unit?: string }) {
  const r = props.row;
  const partial = isPartial(r);
  return (
    <span
      data-value={r?.value ?? ""}
      data-unit={props.unit}
      data-partial={partial ? "true" : undefined}
      data-coverage={coverageAttr(r?.coverage?.reported, r?.coverage?.expected)}
      title={coverageTitle(r) || undefined}
      class={partial ? "dash-partial-figure" : undefined}
    >
      {fmtNumber(r?.value, props.decimals)}
      {partial && r?.value !== null && r?.value !== undefined && <PartialMark />}
    </span>
  );
}

function IndicatorCard(props: {
  ind: Indicator;
  series: Map<number, AnalyticsRow> | undefined;
  valuesLoading: boolean;
  progress: Progress | null | undefined;
  progressLoaded: boolean;
  selected: boolean;
  onSelect: () => void;
}) {
  const { ind, progress, series } = props;
  // The headline: the assessed current year of the progress, else the latest row that is not
  // partial; a later partial year is shown apart, marked, never as the headline.
  const complete = latestComplete(series);
  const fromProgress = progress?.currentYear !== null && progress?.currentYear !== undefined;
  const headYear = fromProgress ? (progress.currentYear as number) : complete ? Number(complete.pe) : null;
  const headValue = fromProgress ? progress.currentValue : complete?.value ?? null;
  const headRow = headYear !== null ? series?.get(headYear) : undefined;
  const head = headYear !== null && headValue !== null && headValue !== undefined ? { year: headYear, value: headValue } : null;
  const cov = progress?.currentCoverage ?? (headRow?.coverage ? { reported: headRow.coverage.reported, expected: headRow.coverage.expected } : null);
  const basis = progress?.currentBasis || headRow?.basis || "";
  const rowPartial = latestPartial(series, head?.year ?? null);
  const partial =
    progress && progress.partial !== undefined
      ? progress.partial
      : rowPartial
        ? { year: Number(rowPartial.pe), value: rowPartial.value, reported: rowPartial.coverage?.reported ?? undefined, expected: rowPartial.coverage?.expected ?? undefined }
        : null;
  const lastYear = head?.year ?? partial?.year ?? null;
  const tg = progress?.targetYear
    ? { year: progress.targetYear, value: progress.targetValue, operator: progress.targetOperator }
    : (() => {
        const x = targetFor(ind, lastYear ?? LAST_YEAR);
        return x ? { year: x.year, value: x.value, operator: x.operator } : null;
      })();
  const status = progress?.status ?? (props.progressLoaded ? "no_data" : undefined);
  const growth = growthLine(progress);
  const min = progress?.minCoverage ?? minCoverage(series?.values());
  const covReported = cov?.reported ?? null;
  const covExpected = cov?.expected ?? null;
  return (
    <button
      type="button"
      class={`dash-card st-${status ?? "loading"}${props.selected ? " selected" : ""}${partial ? " has-partial" : ""}`}
      data-indicator={ind.code}
      data-status={status ?? ""}
      data-coverage={head ? coverageAttr(covReported, covExpected) ?? "" : ""}
      data-partial={partial ? "true" : "false"}
      aria-pressed={props.selected}
      onClick={props.onSelect}
    >
      <span class="dash-card-name">
        <span class="dash-card-num">{ind.number}</span> {pick(ind)}
      </span>
      <span class="dash-card-value">
        {props.valuesLoading && !head && !partial ? (
          <span class="muted small">{t("Đang tải…", "Loading…")}</span>
        ) : head ? (
          <>
            <span class="dash-card-number" data-value={String(head.value)} data-year={head.year} data-partial="false">{fmtNumber(head.value, ind.decimals)}</span>
            <span class="dash-card-unit"> {unitText(ind)}</span>
            <span class="muted small"> ({head.year})</span>
          </>
        ) : partial ? (
          <span class="muted">{t("Chưa có năm nào đủ đơn vị báo cáo", "No year with enough units reporting")}</span>
        ) : (
          <span class="muted">{t("Chưa có số liệu", "No data yet")}</span>
        )}
      </span>
      {head && basis === "official" ? (
        <span class="dash-card-coverage" data-basis="official">
          {headRow?.dataSource ? t(`Số liệu chính thức: ${headRow.dataSource}`, `Official figure: ${headRow.dataSource}`) : t("Số liệu chính thức", "Official figure")}
        </span>
      ) : head && covReported !== null && covExpected !== null ? (
        <span class="dash-card-coverage" data-basis="sum" data-coverage={coverageAttr(covReported, covExpected)} data-reported={covReported} data-expected={covExpected}>
          {coverageLine(covReported, covExpected)}
        </span>
      ) : null}
      {partial && (
        <span
          class="dash-card-partial"
          data-partial="true"
          data-year={partial.year}
          data-value={partial.value ?? ""}
          data-coverage={coverageAttr(partial.reported, partial.expected)}
          title={t(`Dưới ${fmtShare(min)} đơn vị báo cáo: không dùng để đánh giá tiến độ`, `Fewer than ${fmtShare(min)} of the units reported: not used to assess progress`)}
        >
          <span aria-hidden="true" class="dash-partial-icon">◐</span>
          {`${partial.year}: ${fmtValue(partial.value, ind)} ${partialNote(partial.reported, partial.expected)}`}
        </span>
      )}
      <span class="dash-card-target">
        {t("Mục tiêu: ", "Target: ")}
        {tg ? fmtTarget(ind, tg.year, tg.value, tg.operator) : t("chưa có", "none")}
      </span>
      <StatusBadge status={status} loading={!props.progressLoaded} />
      {props.progressLoaded && <span class="dash-card-explain">{explain(ind, progress, complete)}</span>}
      {growth && <span class="dash-card-growth">{growth}</span>}
    </button>
  );
}

function IndicatorSource(props: { ind: Indicator }) {
  const c = props.ind.confidence;
  const conf: Record<string, [string, string]> = {
    verified: ["đã đối chiếu văn bản", "checked against the legal text"],
    implementing: ["theo văn bản hướng dẫn thực hiện", "from an implementing text"],
    secondary: ["theo nguồn thứ cấp", "from a secondary source"],
    provisional: ["tạm thời, cần đối chiếu văn bản gốc", "provisional, to be checked against the original"],
  };
  const cc = conf[c];
  return (
    <details class="dash-source">
      <summary>
        {t("Nguồn và cách tính", "Source and definition")}
        {cc && <span class={`dash-conf conf-${c}`}> · {t(cc[0], cc[1])}</span>}
      </summary>
      <p class="small">{props.ind.source}</p>
      <p class="small muted">
        {t("Cách tính: ", "Computed as: ")}
        <code>{props.ind.numerator}</code> / <code>{props.ind.denominator}</code> × {fmtNumber(props.ind.factor)}
        {" · "}
        {props.ind.direction === "higher" ? t("càng cao càng tốt", "higher is better") : t("càng thấp càng tốt", "lower is better")}
      </p>
    </details>
  );
}

// ---------------------------------------------------------------- trend

function TrendCard(props: { ind: Indicator; series: Map<number, AnalyticsRow> | undefined; loading: boolean; unitName: string; narrow: boolean }) {
  const { ind, series } = props;
  const path = useMemo(() => targetPath(ind, series), [ind, series]);
  const language = lang(); // the option's labels follow it (t() inside trendOption), which the rule cannot see:
  const option = useMemo(() => trendOption(ind, series, path, props.narrow), [ind, series, path, props.narrow, language]); // eslint-disable-line react-hooks/exhaustive-deps
  const ys = trendYears(path);
  const title = t(`Xu hướng ${FIRST_YEAR}–${LAST_YEAR} và lộ trình đến mục tiêu — ${props.unitName}`, `Trend ${FIRST_YEAR}–${LAST_YEAR} and path to the target — ${props.unitName}`);
  const hasValues = !!latest(series);
  const rows = ys.filter((y) => series?.has(y) || path.some((p) => p.year === y));
  const anyPartial = rows.some((y) => isPartial(series?.get(y)) && series?.get(y)?.value !== null);
  const min = minCoverage(series?.values());
  return (
    <section class="card dash-chart-card dash-trend" aria-labelledby="trend-title">
      <h3 id="trend-title">{title}</h3>
      {props.loading && !series && <Loading />}
      {!props.loading && !hasValues && <Notice>{t("Đơn vị này chưa có số liệu cho chỉ tiêu này.", "This unit has no values for this indicator.")}</Notice>}
      <Chart id="trend-chart" option={option} label={title} />
      <p class="hint">
        {path.length > 0 && (
          <>
            {t("Đường nét đứt: lộ trình tuyến tính từ ", "Dashed line: the straight path from ")}
            {path[0]?.kind === "baseline" ? t("mức gốc", "the baseline") : t("giá trị đầu tiên", "the first value")}
            {t(" đến giá trị mục tiêu của từng năm mục tiêu.", " to the target value of each target year.")}
          </>
        )}
        {anyPartial && (
          <span id="trend-partial-hint">
            {" "}
            {t(
              `Điểm rỗng, nét chấm, dấu *: năm có số liệu chưa đầy đủ (dưới ${fmtShare(min)} đơn vị báo cáo), không dùng để đánh giá tiến độ.`,
              `Hollow points, dotted line, *: years with partial figures (fewer than ${fmtShare(min)} of the units reported), not used to assess progress.`,
            )}
          </span>
        )}
      </p>
      <details class="dash-table-toggle">
        <summary>{t("Bảng số liệu của biểu đồ", "Data table of the chart")}</summary>
        <div class="table-scroll">
          <table class="data" id="trend-table">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Năm", "Year")}</th>
                <th scope="col" class="num">{t("Giá trị", "Value")} ({unitText(ind)})</th>
                <th scope="col" class="num">{t("Tử số", "Numerator")}</th>
                <th scope="col" class="num">{t("Mẫu số", "Denominator")}</th>
                <th scope="col" class="num">{t("Đơn vị báo cáo (%)", "Reporting units (%)")}</th>
                <th scope="col" class="num">{t("Lộ trình / mục tiêu", "Path / target")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((y) => {
                const r = series?.get(y);
                const p = path.find((x) => x.year === y);
                return (
                  <tr key={y} data-year={y} data-partial={isPartial(r) ? "true" : undefined}>
                    <th scope="row">{y}</th>
                    <td class="num" data-value={r?.value ?? ""}><Figure row={r} decimals={ind.decimals} /></td>
                    <td class="num">{fmtNumber(r?.numerator, 2)}</td>
                    <td class="num">{fmtNumber(r?.denominator, 2)}</td>
                    <td class="num dash-cov" data-coverage={coverageAttr(r?.coverage?.reported, r?.coverage?.expected) ?? ""}>
                      {r?.basis === "official" ? t("chính thức", "official") : coverageShort(r?.coverage?.reported, r?.coverage?.expected, true)}
                    </td>
                    <td class="num">
                      {p ? (p.kind === "target" ? `${opSymbol(p.operator)} ${fmtNumber(p.value, ind.decimals)}` : `${fmtNumber(p.value, ind.decimals)} (${p.kind === "baseline" ? t("mức gốc", "baseline") : t("điểm đầu", "start")})`) : ""}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {anyPartial && <p class="hint dash-footnote">{partialFootnote(min)}</p>}
      </details>
    </section>
  );
}

// ---------------------------------------------------------------- children

interface ChildRow {
  unit: Unit;
  row: AnalyticsRow | undefined;
}

const TOP = 25;

function ChildrenCard(props: {
  ind: Indicator;
  ou: string;
  unitName: string;
  hierarchy: string;
  onHierarchy: (h: string) => void;
  onDrill: (code: string) => void;
  query: (o: Query) => Query;
  narrow: boolean;
}) {
  const { ind, ou } = props;
  const data = useAsync(async () => {
    const [children, rows] = await Promise.all([loadChildren(ou), analytics(ind.code, `${ou}:children`)]);
    return { children, rows };
  }, [ou, ind.code]);
  const [type, setType] = useState<string>("");
  const [year, setYear] = useState<number | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [withEmpty, setWithEmpty] = useState(false);

  const children = data.data?.children ?? [];
  const hierarchies = [...new Set(children.map((c) => c.hierarchy))].sort((a, b) => (a === "territorial" ? -1 : b === "territorial" ? 1 : a.localeCompare(b)));
  const h = hierarchies.includes(props.hierarchy) ? props.hierarchy : hierarchies.includes("territorial") ? "territorial" : hierarchies[0] ?? "";
  const inH = children.filter((c) => c.hierarchy === h);
  const types: string[] = [...new Set(inH.map((c) => c.type as string))];
  const ty: string = types.includes(type) ? type : "";
  const shown = inH.filter((c) => !ty || c.type === ty);
  const codes = new Set(shown.map((c) => c.code));

  // year → unit → row, for the shown children
  const byYear = new Map<number, Map<string, AnalyticsRow>>();
  for (const r of data.data?.rows ?? []) {
    if (!codes.has(r.ou) || !/^\d{4}$/.test(r.pe)) continue;
    const y = Number(r.pe);
    let m = byYear.get(y);
    if (!m) byYear.set(y, (m = new Map()));
    m.set(r.ou, r);
  }
  const withData = [...byYear.entries()].filter(([, m]) => [...m.values()].some((r) => r.value !== null && r.value !== undefined)).map(([y]) => y).sort((a, b) => b - a);
  const yr = year !== null && withData.includes(year) ? year : withData[0] ?? null;
  const cells = yr !== null ? byYear.get(yr) ?? new Map<string, AnalyticsRow>() : new Map<string, AnalyticsRow>();
  const has = (r: ChildRow) => r.row?.value !== null && r.row?.value !== undefined;
  const allRows: ChildRow[] = shown
    .map((u) => ({ unit: u, row: cells.get(u.code) }))
    .sort((a, b) => (has(a) && has(b) ? (b.row!.value as number) - (a.row!.value as number) : has(a) ? -1 : has(b) ? 1 : 0));
  const empties = allRows.filter((r) => !has(r)).length;
  const showEmpty = withEmpty || empties === allRows.length;
  const rows = showEmpty ? allRows : allRows.filter(has);
  const items: BarItem[] = rows
    .filter((r) => r.row && r.row.value !== null && r.row.value !== undefined)
    .map((r) => ({ code: r.unit.code, name: pick(r.unit), value: r.row!.value as number, partial: isPartial(r.row) }))
    .sort((a, b) => b.value - a.value);
  const visible = showAll ? items : items.slice(0, TOP);
  const tgRow = [...cells.values()].find((r) => r.target !== null && r.target !== undefined);
  const tgNext = yr !== null ? targetFor(ind, yr) : undefined;
  const target = tgRow
    ? { value: tgRow.target as number, operator: tgRow.targetOperator ?? "", year: yr as number }
    : tgNext
      ? { value: tgNext.value, operator: tgNext.operator, year: tgNext.year }
      : null;
  const option = useMemo(
    () => childrenOption(ind, visible, target, props.narrow),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ind, JSON.stringify(visible), target?.value, target?.operator, target?.year, props.narrow, lang()],
  );
  const title = yr !== null
    ? t(`So sánh các đơn vị trực thuộc ${props.unitName}, năm ${yr}`, `Units under ${props.unitName}, ${yr}`)
    : t(`So sánh các đơn vị trực thuộc ${props.unitName}`, `Units under ${props.unitName}`);

  const onBar = (p: ChartClick) => {
    const d = p.data as { code?: string } | undefined;
    const name = typeof p.value === "string" ? p.value : p.name;
    const code = d?.code ?? visible.find((x) => x.name === name)?.code;
    if (code) props.onDrill(code);
  };
  // the category axis lists the bars bottom-up (the largest is drawn on top)
  const onRow = (i: number) => {
    const x = visible[visible.length - 1 - i];
    if (x) props.onDrill(x.code);
  };

  const meets = (v: number): boolean | null => {
    if (!target) return null;
    const x = target.value;
    switch (target.operator) {
      case "ge": return v >= x;
      case "gt": return v > x;
      case "le": return v <= x;
      case "lt": return v < x;
      case "eq": return Math.abs(v - x) < 1e-9;
      default: return null;
    }
  };

  const columns: Column<ChildRow>[] = [
    {
      key: "name",
      label: t("Đơn vị", "Unit"),
      value: (r) => pick(r.unit),
      render: (r) => (
        <a href={href("/dashboard", props.query({ ou: r.unit.code, h: undefined }))} data-unit={r.unit.code} class="dash-drill">
          {pick(r.unit)}
        </a>
      ),
    },
    { key: "type", label: t("Loại", "Type"), value: (r) => typeLabel(r.unit.type) },
    {
      key: "value",
      label: `${t("Giá trị", "Value")} (${unitText(ind)})`,
      numeric: true,
      value: (r) => r.row?.value ?? null,
      render: (r) => <Figure row={r.row} decimals={ind.decimals} unit={r.unit.code} />,
    },
    {
      key: "coverage",
      label: t("Đơn vị báo cáo (%)", "Reporting units (%)"),
      numeric: true,
      // sorting and CSV: the share of the units that reported (%)
      value: (r) => (r.row?.basis === "official" ? t("chính thức", "official") : r.row?.coverage?.percent ?? null),
      render: (r) => (
        <span class="dash-cov" data-coverage={coverageAttr(r.row?.coverage?.reported, r.row?.coverage?.expected) ?? ""} data-coverage-unit={r.unit.code}>
          {r.row?.basis === "official" ? t("chính thức", "official") : coverageShort(r.row?.coverage?.reported, r.row?.coverage?.expected, true)}
          {isPartial(r.row) && <PartialMark />}
        </span>
      ),
    },
    { key: "num", label: t("Tử số", "Numerator"), numeric: true, value: (r) => r.row?.numerator ?? null, render: (r) => fmtNumber(r.row?.numerator, 2) },
    { key: "den", label: t("Mẫu số", "Denominator"), numeric: true, value: (r) => r.row?.denominator ?? null, render: (r) => fmtNumber(r.row?.denominator, 2) },
  ];
  if (target) {
    columns.push({
      key: "meets",
      label: t(`Đạt ${opSymbol(target.operator)} ${fmtNumber(target.value, ind.decimals)}`, `Meets ${opSymbol(target.operator)} ${fmtNumber(target.value, ind.decimals)}`),
      value: (r) => {
        const v = r.row?.value;
        if (v === null || v === undefined) return "";
        const m = meets(v);
        return m === null ? "" : m ? t("Đạt", "Yes") : t("Chưa đạt", "Not yet");
      },
    });
  }

  let body: ComponentChildren;
  if (data.loading && !data.data) body = <Loading />;
  else if (data.error) body = <ErrorBox error={data.error} />;
  else if (children.length === 0) body = <Notice>{t("Đơn vị này không có đơn vị trực thuộc.", "This unit has no units under it.")}</Notice>;
  else {
    body = (
      <>
        <div class="dash-filters">
          {hierarchies.length > 1 && (
            <div class="field">
              <label for="children-hierarchy">{t("Hệ thống đơn vị", "Hierarchy")}</label>
              <select id="children-hierarchy" value={h} onChange={(e) => props.onHierarchy(e.currentTarget.value)}>
                {hierarchies.map((x) => (
                  <option value={x} key={x}>{hierarchyLabel(x, children)}</option>
                ))}
              </select>
            </div>
          )}
          {types.length > 1 && (
            <div class="field">
              <label for="children-type">{t("Loại đơn vị", "Unit type")}</label>
              <select id="children-type" value={ty} onChange={(e) => setType(e.currentTarget.value)}>
                <option value="">{t("Tất cả", "All")}</option>
                {types.map((x) => (
                  <option value={x} key={x}>{typeLabel(x)}</option>
                ))}
              </select>
            </div>
          )}
          {withData.length > 0 && (
            <div class="field">
              <label for="children-year">{t("Năm", "Year")}</label>
              <select id="children-year" value={String(yr ?? "")} onChange={(e) => setYear(Number(e.currentTarget.value))}>
                {withData.map((y) => (
                  <option value={String(y)} key={y}>{y}</option>
                ))}
              </select>
            </div>
          )}
        </div>
        {items.length === 0 ? (
          <Notice>
            {t(
              "Các đơn vị trực thuộc chưa có số liệu cho chỉ tiêu này (chỉ tiêu có thể chỉ được báo cáo ở cấp trên).",
              "The units under this one have no values for this indicator (it may be reported at the upper level only).",
            )}
          </Notice>
        ) : (
          <>
            <p class="hint" id="children-hint">
              {t(
                `Nhấn vào một thanh hoặc tên đơn vị trong bảng để xem chi tiết đơn vị đó. ${visible.length}/${items.length} đơn vị có số liệu, xếp từ cao xuống thấp.`,
                `Click a bar or a unit's name in the table to look into that unit. ${visible.length} of ${items.length} units with values, highest first.`,
              )}
            </p>
            <Chart id="children-chart" option={option} label={title} height={Math.max(220, visible.length * 26 + 70)} onClick={onBar} onCategoryClick={onRow} categoryAxis="y" />
            {items.length > TOP && (
              <button type="button" class="btn btn-small" aria-expanded={showAll} aria-controls="children-chart" onClick={() => setShowAll(!showAll)}>
                {showAll ? t(`Chỉ hiện ${TOP} đơn vị cao nhất`, `Show the top ${TOP} only`) : t(`Hiện cả ${items.length} đơn vị`, `Show all ${items.length} units`)}
              </button>
            )}
          </>
        )}
        {empties > 0 && empties < allRows.length && (
          <div class="dash-check">
            <input type="checkbox" id="children-empty" checked={withEmpty} onChange={(e) => setWithEmpty(e.currentTarget.checked)} />
            <label for="children-empty">
              {t(`Hiện cả ${empties} đơn vị chưa có số liệu`, `Also show the ${empties} units without values`)}
            </label>
          </div>
        )}
        <div class="dash-table-box" tabIndex={0} role="region" aria-label={t("Bảng so sánh các đơn vị trực thuộc (cuộn được)", "Table of the units under this one (scrollable)")}>
          <DataTable
            id="children-table"
            caption={title}
            columns={columns}
            rows={rows}
            rowKey={(r) => r.unit.code}
            csvName={`tienbo-${ind.code}-${ou}-${yr ?? ""}.csv`}
          />
        </div>
        {rows.some((r) => isPartial(r.row) && r.row?.value !== null) && (
          <p class="hint dash-footnote" id="children-footnote">{partialFootnote(minCoverage(rows.flatMap((r) => (r.row ? [r.row] : []))))}</p>
        )}
      </>
    );
  }
  return (
    <section class="card dash-chart-card dash-children" aria-labelledby="children-title">
      <h3 id="children-title">{title}</h3>
      {body}
    </section>
  );
}

// ---------------------------------------------------------------- gender

function GenderCard(props: { ou: string; unitName: string; dx: string; onElement: (dx: string) => void }) {
  const elements = useAsync(loadElements, []);
  const list = useMemo(() => (elements.data ?? []).filter((e) => e.bySex).sort((a, b) => a.nameVi.localeCompare(b.nameVi, "vi")), [elements.data]);
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
      <h2 id="gender-title">{t("Khoảng cách giới (số liệu phân tách theo giới tính)", "Gender gap (sex-disaggregated data)")}</h2>
      {elements.error !== null && <ErrorBox error={elements.error} />}
      {elements.loading && !elements.data && <Loading />}
      {el && (
        <div class="dash-filters">
          <div class="field">
            <label for="gender-element">{t("Chỉ tiêu trong biểu mẫu", "Form item")}</label>
            <select id="gender-element" value={code} onChange={(e) => props.onElement(e.currentTarget.value)}>
              {options.map((e) => (
                <option value={e.code} key={e.code}>{t(e.nameVi, e.nameEn || e.nameVi)} ({e.code})</option>
              ))}
            </select>
            <p class="hint">{t("Các chỉ tiêu có phân tổ Nữ/Nam trong các biểu mẫu báo cáo.", "Data elements with female/male options in the report forms.")}</p>
          </div>
        </div>
      )}
      {el && (
        <>
          <h3>{title}</h3>
          {data.error !== null && <ErrorBox error={data.error} />}
          {data.loading && !data.data && <Loading />}
          {!data.loading && !anyValue && <Notice>{t("Chưa có số liệu cho đơn vị này.", "No values for this unit yet.")}</Notice>}
          <div>
          {bySex && <div><Chart id="gender-chart" option={option} label={title} /></div>}
          <div class="table-scroll">
            <table class="data" id="gender-table" data-element={code} data-unit={props.ou}>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("Năm", "Year")}</th>
                  {bySex && <th scope="col" class="num">{t("Nữ", "Female")}</th>}
                  {bySex && <th scope="col" class="num">{t("Nam", "Male")}</th>}
                  <th scope="col" class="num">{t("Tổng", "Total")}</th>
                  {bySex && <th scope="col" class="num">{t("Tỷ lệ nữ", "Share of women")}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const share = bySex && r.female !== null && r.male !== null && r.female + r.male > 0 ? (r.female / (r.female + r.male)) * 100 : null;
                  return (
                    <tr key={r.year} data-year={r.year}>
                      <th scope="row">{r.year}</th>
                      {bySex && cell(`${code}.NU`, "NU", r.year)}
                      {bySex && cell(`${code}.NAM`, "NAM", r.year)}
                      {cell(code, "TOTAL", r.year)}
                      {bySex && (
                        <td class="num" data-value={share ?? ""} data-partial={share !== null && r.partial ? "true" : undefined}>
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
