// Organisation: the unit tree as of a date (children loaded when a node opens), a filter over
// the loaded units, and the selected unit's details with its 2025-reform lineage.
import { useEffect, useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtDate, fold } from "../../lib/format";
import { t } from "../../lib/i18n";
import { href, navigate, type Route } from "../../lib/router";
import { can, useSession } from "../../lib/session";
import { Page, useAsync } from "../../lib/ui";
import { REFORM_DAY } from "./org-common";
import "../../lib/org.css";
import { DateInput, isIsoDate } from "../../lib/date-input";
import { UnitTree } from "./units-tree";
import { UnitDetail } from "./units-detail";

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
          : t(
              "Cây đơn vị hành chính hiện nay (sau sắp xếp ngày 1/7/2025)",
              "Today's unit tree (after the 1/7/2025 reform)",
            )
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
          <p class="hint" id="units-asof-hint">
            {t("Để trống: hôm nay.", "Empty: today.")}
          </p>
        </div>
        <div class="org-actions">
          <button type="submit" class="btn btn-primary">
            {t("Xem", "Show")}
          </button>
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
            <input
              id="unit-filter"
              type="search"
              value={filter}
              style={{ width: "100%" }}
              aria-describedby="unit-filter-hint"
              autocomplete="off"
              onInput={(e) => setFilter(e.currentTarget.value)}
            />
            <p class="hint" id="unit-filter-hint">
              {t(
                "Lọc trong các đơn vị đã mở, không cần gõ dấu. ",
                "Filters the units already opened; diacritics optional. ",
              )}
            </p>
          </div>
          <CatalogueHits text={filter.trim()} />
          <UnitTree
            key={asOf}
            asOf={asOf}
            selected={selected}
            filter={fold(filter.trim())}
            grants={me.roles.map((r) => r.unit)}
          />
        </section>
        <div>
          {selected ? (
            <UnitDetail key={`${selected}@${asOf}`} code={selected} asOf={asOf} canAudit={can(me, "audit.read")} />
          ) : (
            <section class="card" id="unit-detail">
              <p class="muted">
                {t(
                  "Chọn một đơn vị trong cây để xem thông tin chi tiết và lịch sử sắp xếp năm 2025.",
                  "Choose a unit in the tree to see its details and its 2025 reorganisation history.",
                )}
              </p>
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
    const id = setTimeout(
      () => setQ(fold(props.text).replace(/[^\p{L}\p{N}]+/gu, "").length >= 2 ? props.text : ""),
      350,
    );
    return () => clearTimeout(id);
  }, [props.text]);
  const hits = useAsync(
    () =>
      q
        ? call(api.GET("/api/v1/search", { params: { query: { q, limit: 8 } } })).then(
            (r) => r.units,
            () => [],
          )
        : Promise.resolve([]),
    [q],
  );
  if (!q || !props.text) return null;
  const units = hits.data ?? [];
  return (
    <div class="org-hits" aria-live="polite">
      <p class="small" style={{ margin: "0 0 0.25rem", fontWeight: 600 }}>
        {hits.loading
          ? t("Đang tìm trong toàn bộ danh mục…", "Searching the whole catalogue…")
          : t(`Trong toàn bộ danh mục: ${units.length} đơn vị`, `In the whole catalogue: ${units.length} unit(s)`)}
      </p>
      {units.length > 0 && (
        <ul class="org-results small">
          {units.map((u) => {
            const validFrom = u.ref.split("@")[1] ?? "";
            const former = validFrom !== "" && validFrom < REFORM_DAY;
            return (
              <li key={u.ref}>
                <a href={href(["units", u.code], { asOf: former ? "2025-06-30" : undefined })}>{u.title}</a>{" "}
                <span class="org-code">({u.code})</span>
                {former && (
                  <span class="badge badge-former" style={{ marginLeft: "0.3rem" }}>
                    {t("đơn vị cũ", "former")}
                  </span>
                )}
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
