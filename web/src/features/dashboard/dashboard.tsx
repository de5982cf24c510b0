// The indicator dashboard (#/dashboard?ou=<unit>&ind=<indicator>&dx=<element>&h=<hierarchy>): cards for every
// indicator of the National Strategy's objectives and the two programmes, with the latest value, the target, the progress
// status and its explanation; the selected indicator's trend with its target path; a comparison of the unit's children
// (drill down, breadcrumb back up, territorial or sector hierarchy); female and male values of a sex-disaggregated data
// element by year. Every chart has a data table next to it.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { pick, t } from "../../lib/i18n";
import { onSessionEnd } from "../../lib/session-cache";
import { href, navigate, replaceQuery, type Route } from "../../lib/router";
import { useSession } from "../../lib/session";
import { ErrorBox, Loading, Page, useAsync } from "../../lib/ui";
import {
  FIRST_YEAR,
  LAST_YEAR,
  analytics,
  bySeries,
  latest,
  loadIndicators,
  loadAllProgress,
  loadUnitContext,
  type Indicator,
  type IndicatorGroup,
  type Progress,
  type Series,
} from "./dashboard-data";
import { type Query, Breadcrumb } from "./dashboard-crumbs";
import { IndicatorCard, IndicatorSource } from "./dashboard-card";
import { TrendCard } from "./dashboard-trend";
import { ChildrenCard } from "./dashboard-children";
import { GenderCard } from "./dashboard-gender";
import "./dashboard.css";

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
  const query = (over: Query): Query => ({
    ou,
    ind: indParam || undefined,
    dx: dxParam || undefined,
    h: hParam || undefined,
    ...over,
  });
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
  const values = {
    data: loaded.data?.ou === ou ? loaded.data.series : undefined,
    loading: loaded.loading || (loaded.error === null && loaded.data?.ou !== ou),
    error: loaded.error,
  };

  // Progress of every indicator at the unit, in one request.
  const [progress, setProgress] = useState<{ ou: string; map: Map<string, Progress | null>; loaded: boolean }>({
    ou,
    map: new Map(),
    loaded: false,
  });
  const unitOk = !!ctx.data && ctx.data.unit.code === ou;
  useEffect(() => {
    if (all.length === 0 || !unitOk) return;
    let alive = true;
    setProgress({ ou, map: new Map(), loaded: false });
    void loadAllProgress(ou).then((m) => {
      if (alive)
        setProgress({ ou, map: new Map(all.map((ind) => [ind.code, m.get(ind.code) ?? null] as const)), loaded: true });
    });
    return () => {
      alive = false;
    };
  }, [ou, all, unitOk]);
  const progressMap = progress.ou === ou ? progress.map : new Map<string, Progress | null>();

  // Without ?ind=: the first indicator with a value at the unit (once the values are known).
  const selected: Indicator | undefined =
    all.find((i) => i.code === indParam) ??
    (values.data || values.error ? (all.find((i) => latest(values.data?.get(i.code))) ?? all[0]) : undefined);

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
    <Page
      title={t("Chỉ tiêu bình đẳng giới", "Gender equality targets")}
      wide
      subtitle={<Breadcrumb ou={ou} ctx={ctx.data} unitName={unitName} query={query} />}
    >
      {ctx.error !== null && (
        <>
          <ErrorBox error={ctx.error} />
          {ou !== me.unit && me.unit && (
            <p>
              <a href={href("/dashboard", { ou: me.unit, ind: indParam || undefined })}>
                {t("Xem đơn vị của tôi", "Show my own unit")}
              </a>
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
              <section
                class="dash-group"
                aria-labelledby={`grp-${g.code}`}
                key={g.code}
                style={{ "--n": String(g.indicators.length) }}
              >
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
                <span class="muted">
                  {t("Chỉ tiêu", "Indicator")} {selected.number}:{" "}
                </span>
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
            <GenderCard
              key={ou}
              ou={ou}
              unitName={unitName}
              dx={dxParam}
              onElement={(dx) => replaceQuery(query({ dx }))}
            />
          </div>
        </>
      )}
    </Page>
  );
}
