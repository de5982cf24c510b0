// One unit on a date: its validity, its place in the tree, its lineage across the 2025 reform (what it came
// from and became, with shares) and the links to its committees, reports and audit trail.
import { api, call } from "../../lib/api";
import { fmtDate, fmtPercent, todayIso } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href } from "../../lib/router";
import { ErrorBox, Loading, Notice, useAsync } from "../../lib/ui";
import { OPEN_END, unitTypeLabel, validityText, type Unit } from "./org-common";

function LineageItem(props: { u: Unit & { kind?: string; share?: number; partial?: boolean } }) {
  const u = props.u;
  const former = u.validTo < todayIso();
  const asOf = former ? u.validTo : u.validFrom > todayIso() ? u.validFrom : undefined;
  const kind =
    u.kind === "full" ? t("toàn bộ", "whole") : u.kind === "partial" || u.partial ? t("một phần", "part") : "";
  return (
    <li>
      <span>
        <a href={href(["units", u.code], { asOf })}>{pick(u)}</a> <span class="org-code">({u.code})</span>
        <span class="muted small"> · {u.category || unitTypeLabel(u.type)}</span>
      </span>
      <span class="muted small">
        {kind}
        {u.share !== undefined && u.share !== 1
          ? ` · ${t("tỷ lệ số liệu", "data share")} ${fmtPercent(u.share * 100, 1)}`
          : ""}
        {" · "}
        {validityText(u)}
      </span>
    </li>
  );
}

export function UnitDetail(props: { code: string; asOf: string; canAudit: boolean }) {
  const q = props.asOf || undefined;
  const unit = useAsync(
    () => call(api.GET("/api/v1/units/{code}", { params: { path: { code: props.code }, query: { asOf: q } } })),
    [],
  );
  const anc = useAsync(
    () =>
      call(api.GET("/api/v1/units/{code}/ancestors", { params: { path: { code: props.code }, query: { asOf: q } } })),
    [],
  );
  const lin = useAsync(
    () => call(api.GET("/api/v1/units/{code}/lineage", { params: { path: { code: props.code }, query: { asOf: q } } })),
    [],
  );
  const former = !!unit.data && unit.data.validTo < todayIso();
  const rebased = useAsync(
    () =>
      former
        ? call(api.GET("/api/v1/units/{code}/rebased", { params: { path: { code: props.code }, query: { asOf: q } } }))
        : Promise.resolve(null),
    [former],
  );
  if (unit.loading)
    return (
      <section class="card" id="unit-detail">
        <Loading />
      </section>
    );
  if (unit.error || !unit.data)
    return (
      <section class="card" id="unit-detail">
        <ErrorBox error={unit.error} />
        {props.asOf === "" && (
          <p class="muted">
            {t(
              "Nếu đây là mã của một đơn vị cũ, hãy xem theo ngày trước 1/7/2025.",
              "If this is the code of a former unit, view the tree as of a date before 1/7/2025.",
            )}
          </p>
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
        {u.nameEn && u.nameEn !== name && (
          <p class="muted" lang="en">
            {u.nameEn}
          </p>
        )}
        <dl class="org-dl">
          <dt>{t("Loại đơn vị", "Type")}</dt>
          <dd>{unitTypeLabel(u.type)}</dd>
          <dt>{t("Phân loại", "Category")}</dt>
          <dd>{u.category || <span class="muted">—</span>}</dd>
          <dt>{t("Hệ thống", "Hierarchy")}</dt>
          <dd>
            {u.hierarchy === "territorial"
              ? t("Hành chính lãnh thổ", "Territorial")
              : t(`Ngành ${u.hierarchy.slice(7)}`, `Sector ${u.hierarchy.slice(7)}`)}
          </dd>
          <dt>{t("Hiệu lực từ", "Valid from")}</dt>
          <dd>
            {u.validFrom === "0001-01-01" ? t("(trước khi có hệ thống)", "(before the system)") : fmtDate(u.validFrom)}
          </dd>
          <dt>{t("Hiệu lực đến", "Valid to")}</dt>
          <dd>
            {u.validTo === OPEN_END
              ? t("(chưa xác định — đang hoạt động)", "(open — still in force)")
              : fmtDate(u.validTo)}
          </dd>
          <dt>{t("Đơn vị cấp trên", "Parent")}</dt>
          <dd>
            {u.parent ? (
              <a href={href(["units", u.parent], { asOf: asOfLink })}>
                {anc.data?.units.find((a) => a.code === u.parent)
                  ? pick(anc.data.units.find((a) => a.code === u.parent))
                  : u.parent}
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
                  : t(
                      "Đơn vị không thay đổi hoặc không có thông tin sắp xếp năm 2025.",
                      "The unit did not change, or no 2025 reorganisation is recorded.",
                    )}
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
