// The unit tree on a date: branches opened on demand, the user's own units first, names filtered as one types
// (matches highlighted), the 2025 reform's lineage beside each unit.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fold } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href } from "../../lib/router";
import { ErrorBox, Loading, useAsync } from "../../lib/ui";
import { REFORM_DAY, type Unit } from "./org-common";

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

export function UnitTree(props: { asOf: string; selected?: string; filter: string; grants: string[] }) {
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
        for (const p of l.predecessors)
          if (p.validFrom <= asOf && p.validTo >= asOf) seen.set(p.code, { ...p, parent: null });
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
      <ul
        id={id}
        class={depth === 0 ? "org-tree" : undefined}
        ref={depth === 0 ? treeRef : undefined}
        onKeyDown={depth === 0 ? onKey : undefined}
        aria-label={depth === 0 ? t("Cây đơn vị", "Unit tree") : undefined}
      >
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
        {isOpen && st?.children && st.children.length === 0 && (
          <p class="org-tree-note">{t("Không có đơn vị trực thuộc.", "No units below.")}</p>
        )}
        {isOpen &&
          st?.children &&
          st.children.length > 0 &&
          renderList(st.children, depth + 1, !filter || (matches(u) && expanded.has(u.code)), listId)}
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
      <p class="sr-only">
        {t(
          "Dùng phím mũi tên lên/xuống để di chuyển, phải/trái để mở/thu gọn.",
          "Use the up/down arrow keys to move, right/left to expand/collapse.",
        )}
      </p>
      {roots.data?.viaLineage && (
        <p class="hint">
          {t(
            "Quyền của bạn gắn với đơn vị hiện nay; trước 1/7/2025 cây bắt đầu từ các đơn vị cũ đã hợp thành đơn vị đó.",
            "Your roles are on today's units; before 1/7/2025 the tree starts from the former units they were made from.",
          )}
        </p>
      )}
      {!anyVisible && (
        <p class="muted" role="status">
          {t("Không có đơn vị đã mở nào khớp với bộ lọc.", "No opened unit matches the filter.")}
        </p>
      )}
      {renderList(top, 0, false)}
    </div>
  );
}
