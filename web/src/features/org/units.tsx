// Organisation: the unit tree as of a date (children loaded when a node opens), a filter over
// the loaded units, and the selected unit's details with its 2025-reform lineage.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtDate, fmtPercent, fold, todayIso } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href, navigate, type Route } from "../../lib/router";
import { can, useSession } from "../../lib/session";
import { ErrorBox, Loading, Notice, Page, useAsync } from "../../lib/ui";
import { REFORM_DAY, OPEN_END, unitTypeLabel, validityText, type Unit } from "./org-common";
import "./org.css";
import { DateInput, isIsoDate } from "../../lib/date-input";

interface NodeState {
  children?: Unit[];
  loading?: boolean;
  error?: unknown;
}

/** Units that may have units below them (communes and member agencies have none). */
function mayHaveChildren(u: Unit): boolean {
  return u.type !== "commune" && u.type !== "agency";
}

function unitText(u: Unit): string {
  return fold(`${u.nameVi} ${u.nameEn} ${u.code} ${u.category}`);
}

function Highlight(props: { text: string; filter: string }): ComponentChildren {
  const f = props.filter;
  if (!f) return props.text;
  const folded = fold(props.text);
  // fold() keeps the length of NFC Vietnamese text (one base letter per character), so indexes match
  if (folded.length !== props.text.length) return props.text;
  const i = folded.indexOf(f);
  if (i < 0) return props.text;
  return (
    <>
      {props.text.slice(0, i)}
      <mark class="org-mark">{props.text.slice(i, i + f.length)}</mark>
      {props.text.slice(i + f.length)}
    </>
  );
}

export default function UnitsGuard(props: { route: Route }) {
  // the shell may render this screen for a moment with the next screen's route
  if (props.route.path[0] !== "units") return null;
  return <UnitsInner route={props.route} />;
}

function UnitsInner(props: { route: Route }) {
  const { me } = useSession();
  const asOf = props.route.query.get("asOf") ?? "";
  const selected = props.route.path[1];
  const [filter, setFilter] = useState("");
  const [dateInput, setDateInput] = useState(asOf);
  useEffect(() => setDateInput(asOf), [asOf]);

  const setAsOf = (d: string) => navigate(selected ? ["units", selected] : "/units", { asOf: d || undefined });

  return (
    <Page
      wide
      title={t("Đơn vị, tổ chức", "Units and organisation")}
      subtitle={
        asOf
          ? t(`Cây đơn vị hành chính vào ngày ${fmtDate(asOf)}`, `The unit tree as of ${fmtDate(asOf)}`)
          : t("Cây đơn vị hành chính hiện nay (sau sắp xếp ngày 1/7/2025)", "Today's unit tree (after the 1/7/2025 reform)")
      }
    >
      <form
        class="card org-filters"
        aria-label={t("Ngày xem cây đơn vị", "Date of the unit tree")}
        onSubmit={(e) => {
          e.preventDefault();
          if (dateInput === "" || isIsoDate(dateInput)) setAsOf(dateInput);
        }}
      >
        <div class="field">
          <label for="units-asof">{t("Xem theo ngày", "As of date")}</label>
          <DateInput id="units-asof" value={dateInput} aria-describedby="units-asof-hint" onValue={setDateInput} />
          <p class="hint" id="units-asof-hint">{t("Để trống: hôm nay.", "Empty: today.")}</p>
        </div>
        <div class="org-actions">
          <button type="submit" class="btn btn-primary">{t("Xem", "Show")}</button>
          <button type="button" class="btn" onClick={() => setAsOf("2025-06-30")} aria-pressed={asOf === "2025-06-30"}>
            {t("Trước sắp xếp (30/06/2025)", "Before the reform (30/06/2025)")}
          </button>
          {asOf && (
            <button type="button" class="btn" onClick={() => setAsOf("")}>
              {t("Hôm nay", "Today")}
            </button>
          )}
        </div>
      </form>
      <div class="org-units">
        <section class="card org-tree-panel" aria-labelledby="unit-tree-h">
          <h2 id="unit-tree-h">{t("Cây đơn vị", "Unit tree")}</h2>
          <div class="field">
            <label for="unit-filter">{t("Lọc theo tên hoặc mã", "Filter by name or code")}</label>
            <input id="unit-filter" type="search" value={filter} style={{ width: "100%" }} aria-describedby="unit-filter-hint" autocomplete="off"
              onInput={(e) => setFilter(e.currentTarget.value)} />
            <p class="hint" id="unit-filter-hint">
              {t("Lọc trong các đơn vị đã mở, không cần gõ dấu. ", "Filters the units already opened; diacritics optional. ")}
            </p>
          </div>
          <CatalogueHits text={filter.trim()} />
          <UnitTree key={asOf} asOf={asOf} selected={selected} filter={fold(filter.trim())} grants={me.roles.map((r) => r.unit)} />
        </section>
        <div>
          {selected ? (
            <UnitDetail key={`${selected}@${asOf}`} code={selected} asOf={asOf} canAudit={can(me, "audit.read")} />
          ) : (
            <section class="card" id="unit-detail">
              <p class="muted">{t("Chọn một đơn vị trong cây để xem thông tin chi tiết và lịch sử sắp xếp năm 2025.", "Choose a unit in the tree to see its details and its 2025 reorganisation history.")}</p>
            </section>
          )}
        </div>
      </div>
    </Page>
  );
}

/** Units of the whole catalogue whose names match the filter (the server's search), under the filter box. */
function CatalogueHits(props: { text: string }) {
  const [q, setQ] = useState("");
  useEffect(() => {
    const id = setTimeout(() => setQ(fold(props.text).replace(/[^\p{L}\p{N}]+/gu, "").length >= 2 ? props.text : ""), 350);
    return () => clearTimeout(id);
  }, [props.text]);
  const hits = useAsync(
    () => (q ? call(api.GET("/api/v1/search", { params: { query: { q, limit: 8 } } })).then((r) => r.units, () => []) : Promise.resolve([])),
    [q],
  );
  if (!q || !props.text) return null;
  const units = hits.data ?? [];
  return (
    <div class="org-hits" aria-live="polite">
      <p class="small" style={{ margin: "0 0 0.25rem", fontWeight: 600 }}>
        {hits.loading ? t("Đang tìm trong toàn bộ danh mục…", "Searching the whole catalogue…") : t(`Trong toàn bộ danh mục: ${units.length} đơn vị`, `In the whole catalogue: ${units.length} unit(s)`)}
      </p>
      {units.length > 0 && (
        <ul class="org-results small">
          {units.map((u) => {
            const validFrom = u.ref.split("@")[1] ?? "";
            const former = validFrom !== "" && validFrom < REFORM_DAY;
            return (
              <li key={u.ref}>
                <a href={href(["units", u.code], { asOf: former ? "2025-06-30" : undefined })}>{u.title}</a> <span class="org-code">({u.code})</span>
                {former && <span class="badge badge-former" style={{ marginLeft: "0.3rem" }}>{t("đơn vị cũ", "former")}</span>}
              </li>
            );
          })}
        </ul>
      )}
      {units.length >= 8 && (
        <p class="small" style={{ margin: "0.25rem 0 0" }}>
          <a href={href("/search", { q })}>{t("Xem tất cả kết quả", "See all results")}</a>
        </p>
      )}
    </div>
  );
}

function UnitTree(props: { asOf: string; selected?: string; filter: string; grants: string[] }) {
  const { asOf, selected, filter } = props;
  const [nodes, setNodes] = useState<Record<string, NodeState>>({});
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const treeRef = useRef<HTMLUListElement>(null);
  const q = asOf || undefined;

  const roots = useAsync(async () => {
    const r = await call(api.GET("/api/v1/units", { params: { query: { asOf: q } } }));
    if (r.units.length > 0 || !asOf || asOf >= REFORM_DAY) return { units: r.units, viaLineage: false };
    // grants are on today's units: before the reform, start from the units they were made from
    const seen = new Map<string, Unit>();
    for (const code of [...new Set(props.grants)]) {
      try {
        const l = await call(api.GET("/api/v1/units/{code}/lineage", { params: { path: { code } } }));
        for (const p of l.predecessors) if (p.validFrom <= asOf && p.validTo >= asOf) seen.set(p.code, { ...p, parent: null });
      } catch {
        // not readable: skip
      }
    }
    return { units: [...seen.values()].sort((a, b) => a.code.localeCompare(b.code)), viaLineage: true };
  }, [asOf]);

  const load = async (code: string) => {
    const s = nodesRef.current[code];
    if (s && (s.children || s.loading)) return;
    setNodes((n) => ({ ...n, [code]: { loading: true } }));
    try {
      const r = await call(api.GET("/api/v1/units", { params: { query: { parent: code, asOf: q } } }));
      setNodes((n) => ({ ...n, [code]: { children: r.units } }));
    } catch (err) {
      setNodes((n) => ({ ...n, [code]: { error: err } }));
    }
  };
  const open = (code: string) => {
    setExpanded((e) => (e.has(code) ? e : new Set(e).add(code)));
    void load(code);
  };
  const close = (code: string) =>
    setExpanded((e) => {
      if (!e.has(code)) return e;
      const n = new Set(e);
      n.delete(code);
      return n;
    });
  const toggle = (code: string) => (expanded.has(code) ? close(code) : open(code));

  // a single root opens by itself
  useEffect(() => {
    const r = roots.data?.units;
    if (r && r.length === 1 && mayHaveChildren(r[0])) open(r[0].code);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [roots.data]);

  // the selected unit's ancestors open, so it shows in the tree
  useEffect(() => {
    if (!selected) return;
    let live = true;
    call(api.GET("/api/v1/units/{code}/ancestors", { params: { path: { code: selected }, query: { asOf: q } } })).then(
      (r) => {
        if (!live) return;
        for (const a of r.units) open(a.code);
        setTimeout(() => {
          const el = treeRef.current?.querySelector<HTMLElement>('a[aria-current="true"]');
          if (el && treeRef.current) {
            const panel = treeRef.current.closest(".org-tree-panel");
            if (panel) {
              const pr = panel.getBoundingClientRect();
              const er = el.getBoundingClientRect();
              if (er.top < pr.top || er.bottom > pr.bottom) panel.scrollTop += er.top - pr.top - pr.height / 3;
            }
          }
        }, 400);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);

  const matches = (u: Unit) => !filter || unitText(u).includes(filter);
  const visible = (u: Unit, depth = 0): boolean => {
    if (matches(u)) return true;
    if (depth > 12) return false;
    const c = nodes[u.code]?.children;
    return !!c && c.some((x) => visible(x, depth + 1));
  };

  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (!treeRef.current || !target.closest(".org-node")) return;
    const code = target.closest<HTMLElement>(".org-node")?.dataset.code ?? "";
    const focusables = [...treeRef.current.querySelectorAll<HTMLElement>(".org-node-link")];
    const row = target.closest(".org-node")!;
    const link = row.querySelector<HTMLElement>(".org-node-link");
    const i = link ? focusables.indexOf(link) : -1;
    switch (e.key) {
      case "ArrowDown":
        if (i >= 0 && i + 1 < focusables.length) focusables[i + 1].focus();
        e.preventDefault();
        break;
      case "ArrowUp":
        if (i > 0) focusables[i - 1].focus();
        e.preventDefault();
        break;
      case "ArrowRight":
        if (row.querySelector(".org-toggle")) {
          if (!expanded.has(code)) open(code);
          else {
            const first = row.parentElement?.querySelector<HTMLElement>(":scope > ul .org-node-link");
            first?.focus();
          }
        }
        e.preventDefault();
        break;
      case "ArrowLeft": {
        if (expanded.has(code) && row.querySelector(".org-toggle")) close(code);
        else {
          const parentLi = row.parentElement?.parentElement?.closest("li");
          parentLi?.querySelector<HTMLElement>(":scope > .org-node .org-node-link")?.focus();
        }
        e.preventDefault();
        break;
      }
      case "Home":
        focusables[0]?.focus();
        e.preventDefault();
        break;
      case "End":
        focusables[focusables.length - 1]?.focus();
        e.preventDefault();
        break;
    }
  };

  const renderList = (units: Unit[], depth: number, showAll: boolean, id?: string): ComponentChildren => {
    const shown = showAll ? units : units.filter((u) => visible(u));
    return (
      <ul id={id} class={depth === 0 ? "org-tree" : undefined} ref={depth === 0 ? treeRef : undefined} onKeyDown={depth === 0 ? onKey : undefined}
        aria-label={depth === 0 ? t("Cây đơn vị", "Unit tree") : undefined}>
        {shown.map((u) => renderNode(u, depth))}
      </ul>
    );
  };

  const renderNode = (u: Unit, depth: number) => {
    const st = nodes[u.code];
    const canOpen = mayHaveChildren(u) && !(st?.children && st.children.length === 0);
    const childVisible = !!filter && !!st?.children && st.children.some((c) => visible(c));
    const isOpen = expanded.has(u.code) || childVisible;
    const listId = `unit-children-${u.code}`;
    const name = pick(u);
    return (
      <li key={u.code}>
        <div class="org-node" data-code={u.code}>
          {mayHaveChildren(u) ? (
            <button
              type="button"
              class="org-toggle"
              aria-expanded={isOpen}
              aria-controls={isOpen ? listId : undefined}
              aria-label={isOpen ? t(`Thu gọn ${name}`, `Collapse ${name}`) : t(`Mở ${name}`, `Expand ${name}`)}
              onClick={() => toggle(u.code)}
              disabled={!canOpen && !isOpen}
            >
              <span aria-hidden="true">{st?.loading ? "…" : isOpen ? "▾" : "▸"}</span>
            </button>
          ) : (
            <span class="org-toggle-spacer" aria-hidden="true" />
          )}
          <a
            class="org-node-link"
            href={href(["units", u.code], { asOf: asOf || undefined })}
            aria-current={u.code === selected ? "true" : undefined}
            onClick={() => {
              if (window.matchMedia("(max-width: 900px)").matches) {
                setTimeout(() => document.getElementById("unit-detail")?.scrollIntoView({ block: "start" }), 300);
              }
            }}
          >
            <Highlight text={name} filter={filter} />
            <span class="org-code">{u.code}</span>
          </a>
          {st?.children && st.children.length > 0 && <span class="org-node-meta">({st.children.length})</span>}
        </div>
        {isOpen && st?.loading && <p class="org-tree-note">{t("Đang tải…", "Loading…")}</p>}
        {isOpen && st?.error ? (
          <div class="org-tree-note">
            <ErrorBox error={st.error} />
          </div>
        ) : null}
        {isOpen && st?.children && st.children.length === 0 && <p class="org-tree-note">{t("Không có đơn vị trực thuộc.", "No units below.")}</p>}
        {isOpen && st?.children && st.children.length > 0 && renderList(st.children, depth + 1, !filter || (matches(u) && expanded.has(u.code)), listId)}
      </li>
    );
  };

  if (roots.loading) return <Loading />;
  if (roots.error) return <ErrorBox error={roots.error} />;
  const top = roots.data?.units ?? [];
  if (top.length === 0)
    return (
      <p class="muted" id="unit-tree">
        {t("Không có đơn vị nào của bạn vào ngày này.", "None of your units existed on this date.")}
      </p>
    );
  const anyVisible = top.some((u) => visible(u));
  return (
    <div id="unit-tree">
      <p class="sr-only">{t("Dùng phím mũi tên lên/xuống để di chuyển, phải/trái để mở/thu gọn.", "Use the up/down arrow keys to move, right/left to expand/collapse.")}</p>
      {roots.data?.viaLineage && (
        <p class="hint">{t("Quyền của bạn gắn với đơn vị hiện nay; trước 1/7/2025 cây bắt đầu từ các đơn vị cũ đã hợp thành đơn vị đó.", "Your roles are on today's units; before 1/7/2025 the tree starts from the former units they were made from.")}</p>
      )}
      {!anyVisible && <p class="muted" role="status">{t("Không có đơn vị đã mở nào khớp với bộ lọc.", "No opened unit matches the filter.")}</p>}
      {renderList(top, 0, false)}
    </div>
  );
}

function LineageItem(props: { u: Unit & { kind?: string; share?: number; partial?: boolean } }) {
  const u = props.u;
  const former = u.validTo < todayIso();
  const asOf = former ? u.validTo : u.validFrom > todayIso() ? u.validFrom : undefined;
  const kind = u.kind === "full" ? t("toàn bộ", "whole") : u.kind === "partial" || u.partial ? t("một phần", "part") : "";
  return (
    <li>
      <span>
        <a href={href(["units", u.code], { asOf })}>{pick(u)}</a> <span class="org-code">({u.code})</span>
        <span class="muted small"> · {u.category || unitTypeLabel(u.type)}</span>
      </span>
      <span class="muted small">
        {kind}
        {u.share !== undefined && u.share !== 1 ? ` · ${t("tỷ lệ số liệu", "data share")} ${fmtPercent(u.share * 100, 1)}` : ""}
        {" · "}
        {validityText(u)}
      </span>
    </li>
  );
}

function UnitDetail(props: { code: string; asOf: string; canAudit: boolean }) {
  const q = props.asOf || undefined;
  const unit = useAsync(() => call(api.GET("/api/v1/units/{code}", { params: { path: { code: props.code }, query: { asOf: q } } })), []);
  const anc = useAsync(() => call(api.GET("/api/v1/units/{code}/ancestors", { params: { path: { code: props.code }, query: { asOf: q } } })), []);
  const lin = useAsync(() => call(api.GET("/api/v1/units/{code}/lineage", { params: { path: { code: props.code }, query: { asOf: q } } })), []);
  const former = !!unit.data && unit.data.validTo < todayIso();
  const rebased = useAsync(
    () => (former ? call(api.GET("/api/v1/units/{code}/rebased", { params: { path: { code: props.code }, query: { asOf: q } } })) : Promise.resolve(null)),
    [former],
  );
  if (unit.loading) return <section class="card" id="unit-detail"><Loading /></section>;
  if (unit.error || !unit.data)
    return (
      <section class="card" id="unit-detail">
        <ErrorBox error={unit.error} />
        {props.asOf === "" && (
          <p class="muted">{t("Nếu đây là mã của một đơn vị cũ, hãy xem theo ngày trước 1/7/2025.", "If this is the code of a former unit, view the tree as of a date before 1/7/2025.")}</p>
        )}
      </section>
    );
  const u = unit.data;
  const name = pick(u);
  const asOfLink = props.asOf || undefined;
  const current = !former && u.validFrom <= todayIso();
  return (
    <>
      <section class={former ? "card org-former-banner" : "card"} id="unit-detail" aria-labelledby="unit-detail-h">
        {anc.data && anc.data.units.length > 0 && (
          <nav aria-label={t("Đơn vị cấp trên", "Parent units")}>
            <ol class="org-crumbs">
              {anc.data.units.map((a) => (
                <li>
                  <a href={href(["units", a.code], { asOf: asOfLink })}>{pick(a)}</a>
                </li>
              ))}
              <li aria-current="page">{name}</li>
            </ol>
          </nav>
        )}
        <h2 id="unit-detail-h">
          {name} <span class="org-code">({u.code})</span>{" "}
          {former ? (
            <span class="badge badge-former">{t("Đơn vị cũ", "Former unit")}</span>
          ) : current ? (
            <span class="badge badge-current">{t("Đang hoạt động", "Current")}</span>
          ) : null}
        </h2>
        {u.nameEn && u.nameEn !== name && <p class="muted" lang="en">{u.nameEn}</p>}
        <dl class="org-dl">
          <dt>{t("Loại đơn vị", "Type")}</dt>
          <dd>{unitTypeLabel(u.type)}</dd>
          <dt>{t("Phân loại", "Category")}</dt>
          <dd>{u.category || <span class="muted">—</span>}</dd>
          <dt>{t("Hệ thống", "Hierarchy")}</dt>
          <dd>{u.hierarchy === "territorial" ? t("Hành chính lãnh thổ", "Territorial") : t(`Ngành ${u.hierarchy.slice(7)}`, `Sector ${u.hierarchy.slice(7)}`)}</dd>
          <dt>{t("Hiệu lực từ", "Valid from")}</dt>
          <dd>{u.validFrom === "0001-01-01" ? t("(trước khi có hệ thống)", "(before the system)") : fmtDate(u.validFrom)}</dd>
          <dt>{t("Hiệu lực đến", "Valid to")}</dt>
          <dd>{u.validTo === OPEN_END ? t("(chưa xác định — đang hoạt động)", "(open — still in force)") : fmtDate(u.validTo)}</dd>
          <dt>{t("Đơn vị cấp trên", "Parent")}</dt>
          <dd>
            {u.parent ? (
              <a href={href(["units", u.parent], { asOf: asOfLink })}>
                {anc.data?.units.find((a) => a.code === u.parent) ? pick(anc.data.units.find((a) => a.code === u.parent)) : u.parent}
              </a>
            ) : (
              <span class="muted">{t("(gốc)", "(root)")}</span>
            )}
          </dd>
          {u.location && (
            <>
              <dt>{t("Địa bàn", "Location")}</dt>
              <dd>
                <a href={href(["units", u.location])}>{u.location}</a>
              </dd>
            </>
          )}
        </dl>
        <div class="org-links">
          {current && (
            <a class="btn btn-small" href={href("/committees", { unit: u.code })} id="unit-committee-link">
              {t("Ban VSTBPN của đơn vị", "The unit's committee")}
            </a>
          )}
          <a class="btn btn-small" href={href("/completeness", { unit: u.code })} id="unit-reports-link">
            {t("Tiến độ nộp báo cáo", "Report completeness")}
          </a>
          <a class="btn btn-small" href={href("/dashboard", { ou: u.code })} id="unit-dashboard-link">
            {t("Bảng theo dõi chỉ tiêu", "Targets dashboard")}
          </a>
          {props.canAudit && (
            <a class="btn btn-small" href={href("/audit", { type: "unit", id: `${u.code}@${u.validFrom}` })}>
              {t("Nhật ký thay đổi", "Change log")}
            </a>
          )}
        </div>
      </section>
      <section class="card" id="unit-lineage" aria-labelledby="unit-lineage-h">
        <h2 id="unit-lineage-h">{t("Sắp xếp đơn vị hành chính năm 2025", "The 2025 reorganisation")}</h2>
        {lin.loading && <Loading />}
        <ErrorBox error={lin.error} />
        {lin.data && (
          <>
            {lin.data.predecessors.length > 0 && (
              <>
                <h3>
                  {t(
                    `Hình thành từ ${lin.data.predecessors.length} đơn vị cũ (từ ${fmtDate(lin.data.predecessors[0].effectiveDate)})`,
                    `Formed from ${lin.data.predecessors.length} former unit(s) (from ${fmtDate(lin.data.predecessors[0].effectiveDate)})`,
                  )}
                </h3>
                <ul class="org-lineage-list" id="unit-predecessors">
                  {lin.data.predecessors.map((p) => (
                    <LineageItem u={p} />
                  ))}
                </ul>
              </>
            )}
            {lin.data.successors.length > 0 && (
              <>
                <h3>
                  {t(
                    `Từ ${fmtDate(lin.data.successors[0].effectiveDate)} trở thành (${lin.data.successors.length} đơn vị)`,
                    `From ${fmtDate(lin.data.successors[0].effectiveDate)} it became (${lin.data.successors.length} unit(s))`,
                  )}
                </h3>
                <ul class="org-lineage-list" id="unit-successors">
                  {lin.data.successors.map((s) => (
                    <LineageItem u={s} />
                  ))}
                </ul>
              </>
            )}
            {lin.data.predecessors.length === 0 && lin.data.successors.length === 0 && (
              <p class="muted">
                {former
                  ? t("Không có thông tin đơn vị kế thừa.", "No successor is recorded.")
                  : t("Đơn vị không thay đổi hoặc không có thông tin sắp xếp năm 2025.", "The unit did not change, or no 2025 reorganisation is recorded.")}
              </p>
            )}
            {former && rebased.data && rebased.data.targets.length > 0 && (
              <>
                <h3>{t("Số liệu của đơn vị này được quy đổi sang", "Its data maps to today's units")}</h3>
                <ul class="org-lineage-list" id="unit-rebased">
                  {rebased.data.targets.map((r) => (
                    <LineageItem u={r} />
                  ))}
                </ul>
              </>
            )}
            {lin.data.predecessors.some((p) => p.code === u.code) && (
              <Notice>
                {t(
                  `Mã ${u.code} được dùng lại: trước 1/7/2025 là ${pick(lin.data.predecessors.find((p) => p.code === u.code))}.`,
                  `Code ${u.code} was reused: before 1/7/2025 it was ${pick(lin.data.predecessors.find((p) => p.code === u.code))}.`,
                )}
              </Notice>
            )}
          </>
        )}
      </section>
    </>
  );
}
