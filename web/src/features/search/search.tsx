// Search: one box over unit names and report narratives (the server ignores diacritics and
// case); results grouped by kind, each linking to its screen.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../lib/api";
import { fold } from "../../lib/format";
import { t } from "../../lib/i18n";
import { periodLabel } from "../../lib/periods";
import { href, navigate, type Route } from "../../lib/router";
import { ErrorBox, Loading, Page, useAsync } from "../../lib/ui";
import { unitTypeLabel } from "../../lib/labels";
import { useUnitNames, validityText, REFORM_DAY } from "../../lib/units";
import "../../lib/org.css";

type Results = Schemas["SearchResults"];

/** Wraps the words of `text` that contain a searched word in <mark> (diacritic-insensitive). */
export function highlight(text: string, query: string): ComponentChildren {
  const words = [
    ...new Set(
      fold(query)
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 0),
    ),
  ];
  if (words.length === 0) return text;
  const parts = text.split(/([\p{L}\p{N}]+)/u);
  return parts.map((p, i) => {
    if (i % 2 === 1) {
      const f = fold(p);
      if (words.includes(f)) return <mark class="org-mark">{p}</mark>;
    }
    return p;
  });
}

function unitLink(ref: string, code: string): string {
  const validFrom = ref.split("@")[1] ?? "";
  // former units (valid until 30/06/2025) are addressed as of their last day
  if (validFrom && validFrom < REFORM_DAY) return href(["units", code], { asOf: "2025-06-30" });
  return href(["units", code]);
}

function reportOf(ref: string): { form: string; unit: string; period: string; section: string } | null {
  const p = ref.split("/");
  if (p.length < 3) return null;
  return { form: p[0], unit: p[1], period: p[2], section: p[3] ?? "" };
}

export default function SearchGuard(props: { route: Route }) {
  // the shell may render this screen for a moment with the next screen's route
  if (props.route.path[0] !== "search") return null;
  return <SearchInner route={props.route} />;
}

function SearchInner(props: { route: Route }) {
  const q = (props.route.query.get("q") ?? "").trim();
  const limit = Number(props.route.query.get("limit") ?? "20") || 20;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const res = useAsync<Results | null>(
    () => (q ? call(api.GET("/api/v1/search", { params: { query: { q, limit } } })) : Promise.resolve(null)),
    [q, limit],
  );
  const data = res.data;
  return (
    <Page
      title={t("Tìm kiếm", "Search")}
      subtitle={
        q
          ? t(`Kết quả cho “${q}”`, `Results for “${q}”`)
          : t(
              "Tìm theo tên đơn vị hoặc nội dung báo cáo, không cần gõ dấu.",
              "Find units by name or reports by their text; diacritics are optional.",
            )
      }
    >
      <form
        class="card org-inline-form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) navigate("/search", { q: text.trim() });
        }}
      >
        <div class="field" style={{ flex: "1 1 16rem" }}>
          <label for="search-q">{t("Từ cần tìm", "Search for")}</label>
          <input
            id="search-q"
            type="search"
            value={text}
            style={{ width: "100%" }}
            aria-describedby="search-hint"
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="btn btn-primary" disabled={!text.trim()}>
          {t("Tìm", "Search")}
        </button>
        <p class="hint" id="search-hint" style={{ flexBasis: "100%" }}>
          {t(
            "Không cần gõ dấu; mọi từ đều phải có. Ví dụ: hoan kiem, bao luc gia dinh, hang trong",
            "Diacritics optional; every word must occur. E.g. hoan kiem, bao luc gia dinh, hang trong",
          )}
        </p>
      </form>
      <div id="search-results" aria-live="polite">
        {res.loading && q && <Loading label={t("Đang tìm…", "Searching…")} />}
        <ErrorBox error={res.error} />
        {data && <ResultGroups data={data} limit={limit} />}
      </div>
    </Page>
  );
}

function ResultGroups(props: { data: Results; limit: number }) {
  const { data, limit } = props;
  const total = data.units.length + data.narratives.length;
  const codes = data.units.filter((u) => (u.ref.split("@")[1] ?? "") >= REFORM_DAY).map((u) => u.code);
  const names = useUnitNames(codes);
  return (
    <>
      <p role="status" class="muted">
        {total === 0
          ? t(`Không tìm thấy kết quả nào cho “${data.query}”.`, `Nothing found for “${data.query}”.`)
          : t(`Tìm thấy ${total} kết quả cho “${data.query}”.`, `${total} result(s) for “${data.query}”.`)}
      </p>
      {total === 0 && (
        <p class="muted small">
          {t(
            "Mọi từ phải xuất hiện nguyên vẹn (ví dụ “kiem” tìm được “Kiếm”, “kie” thì không). Hãy thử ít từ hơn.",
            "Every word must occur as a whole word (“kiem” finds “Kiếm”, “kie” does not). Try fewer words.",
          )}
        </p>
      )}
      <section class="card" aria-labelledby="search-units-h" id="search-units">
        <h2 id="search-units-h">
          {t("Đơn vị", "Units")}
          <span class="org-count" aria-label={t(`${data.units.length} kết quả`, `${data.units.length} results`)}>
            {data.units.length}
          </span>
        </h2>
        {data.units.length === 0 ? (
          <p class="muted">{t("Không có đơn vị nào khớp.", "No unit matches.")}</p>
        ) : (
          <ul class="org-results">
            {data.units.map((u) => {
              const full = names[u.code];
              const validFrom = u.ref.split("@")[1] ?? "";
              const former = validFrom !== "" && validFrom < REFORM_DAY;
              return (
                <li key={u.ref}>
                  <a class="org-result-title" href={unitLink(u.ref, u.code)}>
                    {highlight(u.title, data.query)}
                  </a>
                  <span class="org-code"> ({u.code})</span>{" "}
                  {former ? (
                    <span class="badge badge-former">
                      {t("Đơn vị cũ (trước 1/7/2025)", "Former unit (before 1/7/2025)")}
                    </span>
                  ) : null}
                  {!former && full && full.nameVi === u.title && (
                    <span class="muted small">
                      {" "}
                      · {unitTypeLabel(full.type)}
                      {full.category ? ` · ${full.category}` : ""} · {validityText(full)}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="search-narr-h" id="search-narratives">
        <h2 id="search-narr-h">
          {t("Nội dung báo cáo", "Report texts")}
          <span
            class="org-count"
            aria-label={t(`${data.narratives.length} kết quả`, `${data.narratives.length} results`)}
          >
            {data.narratives.length}
          </span>
        </h2>
        {data.narratives.length === 0 ? (
          <p class="muted">
            {t(
              "Không có nội dung báo cáo nào khớp (chỉ tìm trong các báo cáo bạn được xem).",
              "No report text matches (only reports you may read are searched).",
            )}
          </p>
        ) : (
          <ul class="org-results">
            {data.narratives.map((n) => {
              const r = reportOf(n.ref);
              return (
                <li key={n.ref}>
                  {r ? (
                    <a class="org-result-title" href={href(["reports", r.form, r.unit, r.period])}>
                      {highlight(n.title, data.query)}
                    </a>
                  ) : (
                    <span class="org-result-title">{n.title}</span>
                  )}
                  {r && (
                    <span class="muted small">
                      {" "}
                      · {r.form} · {periodLabel(r.period)}
                    </span>
                  )}
                  <p class="org-snippet">{highlight(n.snippet, data.query)}</p>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {(data.units.length >= limit || data.narratives.length >= limit) && limit < 100 && (
        <p>
          <a class="btn" href={href("/search", { q: data.query, limit: 100 })}>
            {t("Xem thêm kết quả", "Show more results")}
          </a>
        </p>
      )}
    </>
  );
}
