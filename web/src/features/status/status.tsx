// Server status: health of the server and its database, program version, analytics cube size.
import { useMemo } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtDateTime, fmtNumber } from "../../lib/format";
import { t } from "../../lib/i18n";
import type { Route } from "../../lib/router";
import { ErrorBox, Loading, Page, useAsync } from "../../lib/ui";
import "../../lib/org.css";

function schemaVersionText(v: string): string {
  // 202611221000 -> 22/11/2026 10:00 (the migration's timestamp)
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  return m ? `${v} (${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]})` : v;
}

function mib(bytes: number): string {
  return `${fmtNumber(bytes / (1024 * 1024), 1)} MiB`;
}

export default function StatusScreen(_props: { route: Route }) {
  const health = useAsync(() => call(api.GET("/healthz")), []);
  const version = useAsync(() => call(api.GET("/api/v1/version")), []);
  const cube = useAsync(() => call(api.GET("/api/v1/analytics/status")), []);
  const checkedAt = useMemo(() => (health.loading ? "" : new Date().toISOString()), [health.loading]);
  const reload = () => {
    health.reload();
    version.reload();
    cube.reload();
  };
  const ok = health.data?.status === "ok";
  return (
    <Page
      title={t("Tình trạng hệ thống", "System status")}
      subtitle={
        checkedAt ? t(`Kiểm tra lúc ${fmtDateTime(checkedAt)}`, `Checked at ${fmtDateTime(checkedAt)}`) : undefined
      }
      actions={
        <button type="button" class="btn" onClick={reload} disabled={health.loading}>
          {t("Kiểm tra lại", "Check again")}
        </button>
      }
    >
      <div class="org-grid" id="server-status">
        <section class="card" aria-labelledby="status-server-h">
          <h2 id="status-server-h">{t("Máy chủ", "Server")}</h2>
          {health.loading && <Loading />}
          {health.error ? (
            <>
              <p class="org-health org-health-bad" role="status">
                <span aria-hidden="true">●</span> {t("Không hoạt động bình thường", "Not healthy")}
              </p>
              <ErrorBox error={health.error} />
            </>
          ) : null}
          {health.data && (
            <>
              <p class={ok ? "org-health org-health-ok" : "org-health org-health-bad"} role="status" id="server-health">
                <span aria-hidden="true">●</span> {ok ? t("Hoạt động bình thường", "Healthy") : health.data.status}
              </p>
              <dl class="org-dl">
                <dt>{t("Trạng thái", "Status")}</dt>
                <dd>{health.data.status}</dd>
                <dt>{t("Cơ sở dữ liệu", "Database")}</dt>
                <dd>
                  {health.data.database === "sqlite"
                    ? "SQLite"
                    : health.data.database === "postgresql"
                      ? "PostgreSQL"
                      : health.data.database}
                </dd>
                <dt>{t("Phiên bản lược đồ dữ liệu", "Schema version")}</dt>
                <dd>{schemaVersionText(health.data.schemaVersion)}</dd>
                <dt>{t("Phiên bản máy chủ", "Server version")}</dt>
                <dd>{version.data ? `${version.data.name} ${version.data.version}` : health.data.version}</dd>
              </dl>
            </>
          )}
          <ErrorBox error={version.error} />
        </section>
        <section class="card" aria-labelledby="status-cube-h">
          <h2 id="status-cube-h">{t("Kho dữ liệu phân tích", "Analytics cube")}</h2>
          {cube.loading && <Loading />}
          <ErrorBox error={cube.error} />
          {cube.data && (
            <dl class="org-dl" id="cube-status">
              <dt>{t("Số giá trị", "Values")}</dt>
              <dd>{fmtNumber(cube.data.values)}</dd>
              <dt>{t("Số chuỗi số liệu", "Series")}</dt>
              <dd>{fmtNumber(cube.data.series)}</dd>
              <dt>{t("Số đơn vị", "Units")}</dt>
              <dd>{fmtNumber(cube.data.units)}</dd>
              <dt>{t("Bộ nhớ", "Memory")}</dt>
              <dd>
                {mib(cube.data.bytes)}{" "}
                <span class="muted small">
                  (
                  {t(
                    `${fmtNumber(cube.data.bytesPerValue, 1)} byte/giá trị`,
                    `${fmtNumber(cube.data.bytesPerValue, 1)} bytes/value`,
                  )}
                  )
                </span>
              </dd>
              <dt>{t("Thời gian nạp lần gần nhất", "Last build time")}</dt>
              <dd>{t(`${fmtNumber(cube.data.buildSeconds, 2)} giây`, `${fmtNumber(cube.data.buildSeconds, 2)} s`)}</dd>
            </dl>
          )}
        </section>
      </div>
    </Page>
  );
}
