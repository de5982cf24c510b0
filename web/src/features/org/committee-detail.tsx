// A committee: its establishment, the membership by sex and role, the current members on a date (ended
// and appointed by its managers), the membership history and the consolidations.
import { useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtDate, todayIso } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href } from "../../lib/router";
import { can, useSession } from "../../lib/session";
import { DataTable, ErrorBox, Loading, Notice, Page, useAsync } from "../../lib/ui";
import { UnitRef, useUnitNames } from "./org-common";
import { DateInput, isIsoDate } from "../../lib/date-input";
import type { Member } from "./committee-types";
import { AddMemberForm, EndMemberForm, Stats } from "./committee-members";
import { historyColumns, memberColumns } from "./committee-columns";

export function CommitteeDetail(props: { id: string }) {
  const { me } = useSession();
  const idNum = Number(props.id);
  const valid = Number.isInteger(idNum) && idNum > 0;
  const [asOf, setAsOf] = useState("");
  const [tick, setTick] = useState(0);
  const committee = useAsync(
    () => call(api.GET("/api/v1/committees/{id}", { params: { path: { id: valid ? idNum : 0 } } })),
    [],
  );
  const q = asOf || undefined;
  const members = useAsync(
    () => call(api.GET("/api/v1/committees/{id}/members", { params: { path: { id: idNum }, query: { asOf: q } } })),
    [asOf, tick],
  );
  const history = useAsync(
    () =>
      call(api.GET("/api/v1/committees/{id}/members", { params: { path: { id: idNum }, query: { history: "true" } } })),
    [tick],
  );
  const stats = useAsync(
    () => call(api.GET("/api/v1/committees/{id}/stats", { params: { path: { id: idNum }, query: { asOf: q } } })),
    [asOf, tick],
  );
  const consolidations = useAsync(
    () => call(api.GET("/api/v1/committees/{id}/consolidations", { params: { path: { id: idNum } } })),
    [],
  );
  // The server says what this user may do with this committee (its actions); a reader is told who
  // may change the members.
  const actions = committee.data?.actions ?? [];
  const canAppoint = actions.includes("appoint");
  const canEnd = actions.includes("end_member");
  const all = history.data?.members ?? [];
  const names = useUnitNames([committee.data?.unit, committee.data?.standingAgency, ...all.map((m) => m.agency)]);
  const [ending, setEnding] = useState<Member | null>(null);
  const [message, setMessage] = useState("");
  const changed = (msg: string) => {
    setMessage(msg);
    setTick((x) => x + 1);
  };

  if (committee.loading)
    return (
      <Page title={t("Ban Vì sự tiến bộ của phụ nữ", "Committee for the Advancement of Women")}>
        <Loading />
      </Page>
    );
  if (committee.error || !committee.data)
    return (
      <Page title={t("Ban Vì sự tiến bộ của phụ nữ", "Committee for the Advancement of Women")}>
        <ErrorBox error={committee.error} />
        <p>
          <a href={href("/committees")}>{t("Về danh sách Ban", "Back to the committees")}</a>
        </p>
      </Page>
    );
  const c = committee.data;
  const ended = all.filter((m) => m.termEnd !== null && m.termEnd < (asOf || todayIso()));

  const memberCols = memberColumns(
    names,
    canEnd
      ? (m) => {
          setEnding(m);
          setMessage("");
        }
      : undefined,
  );
  const historyCols = historyColumns(names);

  return (
    <Page
      wide
      title={pick(c)}
      subtitle={
        <>
          {t("Đơn vị", "Unit")}: <UnitRef code={c.unit} names={names} />
        </>
      }
      actions={
        <>
          <a class="btn" href={href("/committees", { unit: c.unit })}>
            {t("Các Ban của đơn vị", "Committees of the unit")}
          </a>
          {can(me, "audit.read") && (
            <a class="btn" href={href("/audit", { type: "committee", id: String(c.id) })}>
              {t("Nhật ký thay đổi", "Change log")}
            </a>
          )}
        </>
      }
    >
      <div class="org-grid">
        <section class="card" aria-labelledby="committee-info-h" id="committee-info">
          <h2 id="committee-info-h">{t("Thông tin thành lập", "Establishment")}</h2>
          <dl class="org-dl">
            <dt>{t("Quyết định thành lập", "Establishing decision")}</dt>
            <dd>
              {c.decisionNumber || <span class="muted">—</span>}
              {c.decisionDate ? ` ${t("ngày", "of")} ${fmtDate(c.decisionDate)}` : ""}
            </dd>
            <dt>{t("Ngày thành lập", "Established on")}</dt>
            <dd>{fmtDate(c.establishedOn)}</dd>
            <dt>{t("Cơ quan thường trực", "Standing agency")}</dt>
            <dd>
              <UnitRef code={c.standingAgency} names={names} />
            </dd>
            <dt>{t("Tình trạng", "Status")}</dt>
            <dd>
              {c.dissolvedOn
                ? t(`Đã giải thể ngày ${fmtDate(c.dissolvedOn)}`, `Dissolved on ${fmtDate(c.dissolvedOn)}`)
                : t("Đang hoạt động", "Active")}
            </dd>
            {c.nameEn && c.nameEn !== pick(c) && (
              <>
                <dt>{t("Tên tiếng Anh", "English name")}</dt>
                <dd lang="en">{c.nameEn}</dd>
              </>
            )}
          </dl>
        </section>
        <section class="card" aria-labelledby="committee-stats-h" id="committee-stats">
          <h2 id="committee-stats-h">
            {t("Cơ cấu thành viên", "Membership")}
            {stats.data ? <span class="muted small"> · {fmtDate(stats.data.asOf)}</span> : null}
          </h2>
          {stats.loading && <Loading />}
          <ErrorBox error={stats.error} />
          {stats.data && <Stats s={stats.data} />}
        </section>
      </div>

      <section class="card" aria-labelledby="committee-members-h" style={{ marginTop: "1rem" }}>
        <div class="row" style={{ justifyContent: "space-between" }}>
          <h2 id="committee-members-h">{t("Thành viên đang đảm nhiệm", "Current members")}</h2>
          <form
            class="org-inline-form"
            onSubmit={(e) => e.preventDefault()}
            aria-label={t("Ngày xem thành viên", "Date of the member list")}
          >
            <div class="field">
              <label for="members-asof">{t("Vào ngày", "On date")}</label>
              <DateInput
                id="members-asof"
                value={asOf}
                onValue={(v) => {
                  if (v === "" || isIsoDate(v)) setAsOf(v);
                }}
              />
            </div>
            {asOf && (
              <button type="button" class="btn btn-small" onClick={() => setAsOf("")}>
                {t("Hôm nay", "Today")}
              </button>
            )}
          </form>
        </div>
        {message && <Notice kind="ok">{message}</Notice>}
        {members.loading && !members.data && <Loading />}
        <ErrorBox error={members.error} />
        {members.data && (
          <DataTable
            id="committee-members"
            caption={t(
              `${members.data.members.length} thành viên${asOf ? ` vào ngày ${fmtDate(asOf)}` : " hiện nay"}`,
              `${members.data.members.length} member(s)${asOf ? ` on ${fmtDate(asOf)}` : " today"}`,
            )}
            columns={memberCols}
            rows={members.data.members}
            rowKey={(m) => String(m.id)}
            initialSort={{ key: "role", dir: "asc" }}
            csvName={`ban-${c.id}-thanh-vien.csv`}
            empty={t("Không có thành viên nào vào ngày này.", "No members on this date.")}
          />
        )}
        {ending && canEnd && (
          <EndMemberForm
            committee={c.id}
            member={ending}
            onCancel={() => setEnding(null)}
            onDone={(m) => {
              setEnding(null);
              changed(
                t(
                  `Đã kết thúc nhiệm kỳ của ${m.fullName} (ngày cuối ${fmtDate(m.termEnd)}).`,
                  `Ended the term of ${m.fullName} (last day ${fmtDate(m.termEnd)}).`,
                ),
              );
            }}
          />
        )}
        {canAppoint && (
          <AddMemberForm
            committee={c}
            onDone={(m) => changed(t(`Đã bổ nhiệm ${m.fullName}.`, `Appointed ${m.fullName}.`))}
          />
        )}
        {committee.data && !canAppoint && (
          <p class="muted small">
            {t(
              "Chỉ người quản lý Ban (quản trị hoặc quản lý của đơn vị này hoặc cấp trên) mới bổ sung hoặc kết thúc nhiệm kỳ thành viên.",
              "Only those who manage this committee (an administrator or manager of its unit or a level above) add members or end their terms.",
            )}
          </p>
        )}
      </section>

      <section class="card" aria-labelledby="committee-history-h">
        <h2 id="committee-history-h">{t("Lịch sử thành viên", "Membership history")}</h2>
        <p class="muted small">
          {t(
            `${all.length} lượt đảm nhiệm, trong đó ${ended.length} đã kết thúc.`,
            `${all.length} membership(s), ${ended.length} of them ended.`,
          )}
        </p>
        {history.loading && !history.data && <Loading />}
        <ErrorBox error={history.error} />
        {history.data && (
          <DataTable
            id="committee-history"
            columns={historyCols}
            rows={all}
            rowKey={(m) => String(m.id)}
            csvName={`ban-${c.id}-lich-su-thanh-vien.csv`}
            empty={t("Chưa có thành viên.", "No members yet.")}
          />
        )}
      </section>

      <section class="card" aria-labelledby="committee-cons-h" id="committee-consolidations">
        <h2 id="committee-cons-h">{t("Các lần kiện toàn", "Consolidations")}</h2>
        {consolidations.loading && <Loading />}
        <ErrorBox error={consolidations.error} />
        {consolidations.data && consolidations.data.consolidations.length === 0 && (
          <p class="muted">{t("Chưa có lần kiện toàn nào.", "No consolidation yet.")}</p>
        )}
        {consolidations.data && consolidations.data.consolidations.length > 0 && (
          <ul class="org-committee-list">
            {consolidations.data.consolidations.map((k) => {
              const out = all.filter((m) => m.endedIn === k.id);
              const inn = all.filter((m) => m.appointedIn === k.id);
              return (
                <li key={k.id}>
                  <strong>
                    #{k.id} · {t("Quyết định", "Decision")} {k.decisionNumber}
                  </strong>{" "}
                  <span class="muted">({fmtDate(k.decisionDate)})</span>
                  <div class="small">
                    {t("Hiệu lực từ", "Effective from")} {fmtDate(k.effectiveDate)}
                    {k.note ? ` · ${k.note}` : ""}
                  </div>
                  {(out.length > 0 || inn.length > 0) && (
                    <div class="small muted">
                      {inn.length > 0 && (
                        <>
                          {t("Bổ sung", "Added")}: {inn.map((m) => m.fullName).join(", ")}.{" "}
                        </>
                      )}
                      {out.length > 0 && (
                        <>
                          {t("Thôi làm thành viên", "Left the committee")}: {out.map((m) => m.fullName).join(", ")}.
                        </>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </Page>
  );
}
