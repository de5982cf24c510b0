// Committees for the Advancement of Women (Ban VSTBPN): the committees of a unit (and of the
// units directly under it), and one committee with its members, their history, the share of
// women, the consolidations, and for managers appointing and ending members.
import { useEffect, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../lib/api";
import { fmtDate, fmtPercent, todayIso } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href, navigate, type Route } from "../../lib/router";
import { can, hasRole, useSession, type Me } from "../../lib/session";
import { DataTable, ErrorBox, Loading, Notice, Page, useAsync, type Column } from "../../lib/ui";
import { Field, FormError, MEMBER_ROLES, memberRoleLabel, sexLabel, UnitRef, useUnitNames, type Unit } from "./org-common";
import "./org.css";
import { DateInput, isIsoDate } from "../../lib/date-input";
import { UnitPicker } from "../../lib/unit-picker";

type Committee = Schemas["Committee"];
type Member = Schemas["Member"];

export default function CommitteesScreen(props: { route: Route }) {
  // the shell may render this screen for a moment with the next screen's route
  if (props.route.path[0] !== "committees") return null;
  const id = props.route.path[1];
  if (id) return <CommitteeDetail key={id} id={id} />;
  return <CommitteeList unit={props.route.query.get("unit") ?? ""} />;
}

// ---------------------------------------------------------------- list

const AUTO_SCAN = 40;

async function inBatches<T, R>(items: T[], size: number, f: (x: T) => Promise<R>, each: (done: number) => void): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
      each(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

function CommitteeList(props: { unit: string }) {
  const { me } = useSession();
  const unit = props.unit || me.unit;
  const [input, setInput] = useState(unit);
  useEffect(() => setInput(unit), [unit]);
  const own = useAsync(() => call(api.GET("/api/v1/committees", { params: { query: { unit } } })), [unit]);
  const self = useAsync(() => call(api.GET("/api/v1/units/{code}", { params: { path: { code: unit } } })), [unit]);
  const children = useAsync(
    () =>
      call(api.GET("/api/v1/units", { params: { query: { parent: unit } } })).then(
        (r) => r.units.filter((u) => u.type !== "agency"),
        () => [] as Unit[],
      ),
    [unit],
  );
  const [scan, setScan] = useState<{ done: number; total: number; found: { unit: Unit; committees: Committee[] }[] } | null>(null);
  const runScan = async (units: Unit[]) => {
    setScan({ done: 0, total: units.length, found: [] });
    const res = await inBatches(
      units,
      6,
      (u) =>
        call(api.GET("/api/v1/committees", { params: { query: { unit: u.code } } })).then(
          (r) => ({ unit: u, committees: r.committees }),
          () => ({ unit: u, committees: [] as Committee[] }),
        ),
      (done) => setScan((s) => (s ? { ...s, done } : s)),
    );
    setScan({ done: units.length, total: units.length, found: res.filter((r) => r.committees.length > 0) });
  };
  useEffect(() => {
    setScan(null);
    const c = children.data;
    if (c && c.length > 0 && c.length <= AUTO_SCAN) void runScan(c);
  }, [children.data]);

  const grantUnits = [...new Set(me.roles.map((r) => r.unit))];
  const names = useUnitNames(grantUnits);
  const unitName = self.data ? pick(self.data) : unit;

  return (
    <Page title={t("Ban Vì sự tiến bộ của phụ nữ", "Committees for the Advancement of Women")} subtitle={t(`Các Ban của ${unitName} và các đơn vị trực thuộc`, `Committees of ${unitName} and the units directly under it`)}>
      <form
        class="card org-filters"
        aria-label={t("Chọn đơn vị", "Choose a unit")}
        onSubmit={(e) => {
          e.preventDefault();
          if (input.trim()) navigate("/committees", { unit: input.trim() });
        }}
      >
        <Field id="committee-unit" label={t("Đơn vị", "Unit")} error={own.error} names={["unit"]} hint={t("Gõ tên hoặc mã, ví dụ “Hoàn Kiếm” hoặc 00070", "Type a name or a code, e.g. “Hoàn Kiếm” or 00070")}>
          {(a) => <UnitPicker id={a.id} describedBy={a["aria-describedby"]} invalid={a["aria-invalid"]} value={input} onText={setInput}
            onChoose={(code) => { setInput(code); navigate("/committees", { unit: code }); }} />}
        </Field>
        <div class="org-actions">
          <button type="submit" class="btn btn-primary">{t("Xem", "Show")}</button>
          {grantUnits
            .filter((g) => g !== unit)
            .map((g) => (
              <a class="btn" href={href("/committees", { unit: g })}>
                {names[g] ? pick(names[g]) : g}
              </a>
            ))}
        </div>
      </form>
      <section class="card" aria-labelledby="committees-own-h" id="committee-list">
        <h2 id="committees-own-h">{t(`Ban của ${unitName}`, `Committees of ${unitName}`)}</h2>
        {own.loading && <Loading />}
        <ErrorBox error={own.error} />
        {own.data && own.data.committees.length === 0 && <p class="muted">{t("Đơn vị này chưa có Ban.", "This unit has no committee.")}</p>}
        {own.data && own.data.committees.length > 0 && <CommitteeItems committees={own.data.committees} />}
      </section>
      {children.data && children.data.length > 0 && (
        <section class="card" aria-labelledby="committees-below-h">
          <h2 id="committees-below-h">{t("Ban của các đơn vị trực thuộc", "Committees of the units below")}</h2>
          {!scan && (
            <p>
              <button type="button" class="btn" onClick={() => void runScan(children.data!)}>
                {t(`Tìm trong ${children.data.length} đơn vị trực thuộc`, `Look in the ${children.data.length} units below`)}
              </button>
            </p>
          )}
          {scan && scan.done < scan.total && (
            <p class="loading" role="status">{t(`Đang tìm… ${scan.done}/${scan.total} đơn vị`, `Looking… ${scan.done}/${scan.total} units`)}</p>
          )}
          {scan && scan.done === scan.total && scan.found.length === 0 && (
            <p class="muted">{t(`Không đơn vị nào trong ${scan.total} đơn vị trực thuộc có Ban.`, `None of the ${scan.total} units below has a committee.`)}</p>
          )}
          {scan && scan.found.length > 0 && <CommitteeItems committees={scan.found.flatMap((f) => f.committees)} units={Object.fromEntries(scan.found.map((f) => [f.unit.code, f.unit]))} />}
        </section>
      )}
    </Page>
  );
}

function CommitteeItems(props: { committees: Committee[]; units?: Record<string, Unit> }) {
  const names = useUnitNames(props.committees.flatMap((c) => [c.unit, c.standingAgency]));
  const all = { ...names, ...(props.units ?? {}) };
  return (
    <ul class="org-committee-list">
      {props.committees.map((c) => (
        <li key={c.id}>
          <a href={href(["committees", c.id])} class="org-result-title">{pick(c)}</a>{" "}
          {c.dissolvedOn ? <span class="badge badge-off">{t(`Đã giải thể ${fmtDate(c.dissolvedOn)}`, `Dissolved ${fmtDate(c.dissolvedOn)}`)}</span> : <span class="badge badge-current">{t("Đang hoạt động", "Active")}</span>}
          <div class="muted small">
            {t("Đơn vị", "Unit")}: <UnitRef code={c.unit} names={all} /> · {t("Cơ quan thường trực", "Standing agency")}: <UnitRef code={c.standingAgency} names={all} />
            {" · "}
            {t("Thành lập", "Established")} {fmtDate(c.establishedOn)}
            {c.decisionNumber ? ` · ${t("QĐ", "Decision")} ${c.decisionNumber}` : ""}
          </div>
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------- detail

/** committee.manage: an administrator or manager grant on the unit or one of its ancestors. GET /me's abilities
 * say nothing per unit and the server has no per-committee answer yet, so the roles that grant it
 * (src/auth/policy.cpp) decide here; the server still authorizes each change. */
function canManageUnit(me: Me, unit: string, ancestors: string[]): boolean {
  const scope = new Set([unit, ...ancestors]);
  return me.roles.some((r) => (r.role === "administrator" || r.role === "manager") && scope.has(r.unit));
}

function CommitteeDetail(props: { id: string }) {
  const { me } = useSession();
  const idNum = Number(props.id);
  const valid = Number.isInteger(idNum) && idNum > 0;
  const [asOf, setAsOf] = useState("");
  const [tick, setTick] = useState(0);
  const committee = useAsync(() => call(api.GET("/api/v1/committees/{id}", { params: { path: { id: valid ? idNum : 0 } } })), []);
  const q = asOf || undefined;
  const members = useAsync(() => call(api.GET("/api/v1/committees/{id}/members", { params: { path: { id: idNum }, query: { asOf: q } } })), [asOf, tick]);
  const history = useAsync(() => call(api.GET("/api/v1/committees/{id}/members", { params: { path: { id: idNum }, query: { history: "true" } } })), [tick]);
  const stats = useAsync(() => call(api.GET("/api/v1/committees/{id}/stats", { params: { path: { id: idNum }, query: { asOf: q } } })), [asOf, tick]);
  const consolidations = useAsync(() => call(api.GET("/api/v1/committees/{id}/consolidations", { params: { path: { id: idNum } } })), []);
  const unitCode = committee.data?.unit;
  const ancestors = useAsync(
    () => (unitCode ? call(api.GET("/api/v1/units/{code}/ancestors", { params: { path: { code: unitCode } } })).then((r) => r.units.map((u) => u.code), () => []) : Promise.resolve([] as string[])),
    [unitCode],
  );
  // manages committees somewhere (no ability says so either): told why this one offers no change
  const maybeManager = hasRole(me, "administrator", "manager");
  const canManage = !!unitCode && !!ancestors.data && canManageUnit(me, unitCode, ancestors.data);
  const all = history.data?.members ?? [];
  const names = useUnitNames([committee.data?.unit, committee.data?.standingAgency, ...all.map((m) => m.agency)]);
  const [ending, setEnding] = useState<Member | null>(null);
  const [message, setMessage] = useState("");
  const changed = (msg: string) => {
    setMessage(msg);
    setTick((x) => x + 1);
  };

  if (committee.loading) return <Page title={t("Ban Vì sự tiến bộ của phụ nữ", "Committee for the Advancement of Women")}><Loading /></Page>;
  if (committee.error || !committee.data)
    return (
      <Page title={t("Ban Vì sự tiến bộ của phụ nữ", "Committee for the Advancement of Women")}>
        <ErrorBox error={committee.error} />
        <p><a href={href("/committees")}>{t("Về danh sách Ban", "Back to the committees")}</a></p>
      </Page>
    );
  const c = committee.data;
  const ended = all.filter((m) => m.termEnd !== null && m.termEnd < (asOf || todayIso()));

  const memberCols: Column<Member>[] = [
    { key: "name", label: t("Họ và tên", "Full name"), value: (m) => m.fullName, render: (m) => <strong>{m.fullName}</strong> },
    { key: "sex", label: t("Giới tính", "Sex"), value: (m) => sexLabel(m.sex) },
    { key: "role", label: t("Chức danh trong Ban", "Role in the committee"), value: (m) => memberRoleLabel(m.role), sortValue: (m) => MEMBER_ROLES.indexOf(m.role as (typeof MEMBER_ROLES)[number]) },
    { key: "position", label: t("Chức vụ", "Position"), value: (m) => m.position },
    { key: "agency", label: t("Cơ quan", "Agency"), value: (m) => (m.agency ? (names[m.agency] ? pick(names[m.agency]) : m.agency) : ""), render: (m) => <UnitRef code={m.agency} names={names} /> },
    { key: "decision", label: t("Quyết định", "Decision"), value: (m) => m.decisionNumber, render: (m) => <>{m.decisionNumber}{m.decisionDate ? <span class="muted small"> ({fmtDate(m.decisionDate)})</span> : null}</> },
    { key: "start", label: t("Bắt đầu", "Start"), value: (m) => m.termStart, render: (m) => fmtDate(m.termStart) },
  ];
  if (canManage)
    memberCols.push({
      key: "actions",
      label: t("Thao tác", "Actions"),
      value: () => "",
      noCsv: true,
      render: (m) => (
        <button type="button" class="btn btn-small" onClick={() => { setEnding(m); setMessage(""); }} aria-label={t(`Kết thúc nhiệm kỳ của ${m.fullName}`, `End the term of ${m.fullName}`)}>
          {t("Kết thúc", "End term")}
        </button>
      ),
    });

  const historyCols: Column<Member>[] = [
    { key: "name", label: t("Họ và tên", "Full name"), value: (m) => m.fullName },
    { key: "sex", label: t("Giới tính", "Sex"), value: (m) => sexLabel(m.sex) },
    { key: "role", label: t("Chức danh trong Ban", "Role in the committee"), value: (m) => memberRoleLabel(m.role) },
    { key: "position", label: t("Chức vụ", "Position"), value: (m) => m.position },
    { key: "agency", label: t("Cơ quan", "Agency"), value: (m) => (m.agency ? (names[m.agency] ? pick(names[m.agency]) : m.agency) : ""), render: (m) => <UnitRef code={m.agency} names={names} /> },
    { key: "start", label: t("Từ ngày", "From"), value: (m) => m.termStart, render: (m) => fmtDate(m.termStart) },
    { key: "end", label: t("Đến ngày", "To"), value: (m) => m.termEnd ?? "", render: (m) => (m.termEnd ? fmtDate(m.termEnd) : <span class="badge badge-current">{t("Đang đảm nhiệm", "Serving")}</span>) },
    {
      key: "how",
      label: t("Ghi chú", "Notes"),
      value: (m) => [m.appointedIn ? `+${m.appointedIn}` : "", m.endedIn ? `-${m.endedIn}` : ""].join(" "),
      render: (m) => (
        <span class="small">
          {m.decisionNumber && <>{t("QĐ", "Decision")} {m.decisionNumber}</>}
          {m.appointedIn ? <><br />{t(`Bổ sung khi kiện toàn lần #${m.appointedIn}`, `Added in consolidation #${m.appointedIn}`)}</> : null}
          {m.endedIn ? <><br />{t(`Thôi làm thành viên khi kiện toàn lần #${m.endedIn}`, `Left the committee in consolidation #${m.endedIn}`)}</> : null}
        </span>
      ),
    },
  ];

  return (
    <Page
      wide
      title={pick(c)}
      subtitle={<>{t("Đơn vị", "Unit")}: <UnitRef code={c.unit} names={names} /></>}
      actions={
        <>
          <a class="btn" href={href("/committees", { unit: c.unit })}>{t("Các Ban của đơn vị", "Committees of the unit")}</a>
          {can(me, "audit.read") && (
            <a class="btn" href={href("/audit", { type: "committee", id: String(c.id) })}>{t("Nhật ký thay đổi", "Change log")}</a>
          )}
        </>
      }
    >
      <div class="org-grid">
        <section class="card" aria-labelledby="committee-info-h" id="committee-info">
          <h2 id="committee-info-h">{t("Thông tin thành lập", "Establishment")}</h2>
          <dl class="org-dl">
            <dt>{t("Quyết định thành lập", "Establishing decision")}</dt>
            <dd>{c.decisionNumber || <span class="muted">—</span>}{c.decisionDate ? ` ${t("ngày", "of")} ${fmtDate(c.decisionDate)}` : ""}</dd>
            <dt>{t("Ngày thành lập", "Established on")}</dt>
            <dd>{fmtDate(c.establishedOn)}</dd>
            <dt>{t("Cơ quan thường trực", "Standing agency")}</dt>
            <dd><UnitRef code={c.standingAgency} names={names} /></dd>
            <dt>{t("Tình trạng", "Status")}</dt>
            <dd>{c.dissolvedOn ? t(`Đã giải thể ngày ${fmtDate(c.dissolvedOn)}`, `Dissolved on ${fmtDate(c.dissolvedOn)}`) : t("Đang hoạt động", "Active")}</dd>
            {c.nameEn && c.nameEn !== pick(c) && (
              <>
                <dt>{t("Tên tiếng Anh", "English name")}</dt>
                <dd lang="en">{c.nameEn}</dd>
              </>
            )}
          </dl>
        </section>
        <section class="card" aria-labelledby="committee-stats-h" id="committee-stats">
          <h2 id="committee-stats-h">{t("Cơ cấu thành viên", "Membership")}{stats.data ? <span class="muted small"> · {fmtDate(stats.data.asOf)}</span> : null}</h2>
          {stats.loading && <Loading />}
          <ErrorBox error={stats.error} />
          {stats.data && <Stats s={stats.data} />}
        </section>
      </div>

      <section class="card" aria-labelledby="committee-members-h" style={{ marginTop: "1rem" }}>
        <div class="row" style={{ justifyContent: "space-between" }}>
          <h2 id="committee-members-h">{t("Thành viên đang đảm nhiệm", "Current members")}</h2>
          <form class="org-inline-form" onSubmit={(e) => e.preventDefault()} aria-label={t("Ngày xem thành viên", "Date of the member list")}>
            <div class="field">
              <label for="members-asof">{t("Vào ngày", "On date")}</label>
              <DateInput id="members-asof" value={asOf} onValue={(v) => { if (v === "" || isIsoDate(v)) setAsOf(v); }} />
            </div>
            {asOf && <button type="button" class="btn btn-small" onClick={() => setAsOf("")}>{t("Hôm nay", "Today")}</button>}
          </form>
        </div>
        {message && <Notice kind="ok">{message}</Notice>}
        {members.loading && !members.data && <Loading />}
        <ErrorBox error={members.error} />
        {members.data && (
          <DataTable
            id="committee-members"
            caption={t(`${members.data.members.length} thành viên${asOf ? ` vào ngày ${fmtDate(asOf)}` : " hiện nay"}`, `${members.data.members.length} member(s)${asOf ? ` on ${fmtDate(asOf)}` : " today"}`)}
            columns={memberCols}
            rows={members.data.members}
            rowKey={(m) => String(m.id)}
            initialSort={{ key: "role", dir: "asc" }}
            csvName={`ban-${c.id}-thanh-vien.csv`}
            empty={t("Không có thành viên nào vào ngày này.", "No members on this date.")}
          />
        )}
        {ending && canManage && (
          <EndMemberForm committee={c.id} member={ending} onCancel={() => setEnding(null)} onDone={(m) => { setEnding(null); changed(t(`Đã kết thúc nhiệm kỳ của ${m.fullName} (ngày cuối ${fmtDate(m.termEnd)}).`, `Ended the term of ${m.fullName} (last day ${fmtDate(m.termEnd)}).`)); }} />
        )}
        {canManage && <AddMemberForm committee={c} onDone={(m) => changed(t(`Đã bổ nhiệm ${m.fullName}.`, `Appointed ${m.fullName}.`))} />}
        {!canManage && maybeManager && ancestors.data && (
          <p class="muted small">{t("Bạn không có quyền quản lý Ban này nên không thể thay đổi thành viên.", "You do not manage this committee, so you cannot change its members.")}</p>
        )}
      </section>

      <section class="card" aria-labelledby="committee-history-h">
        <h2 id="committee-history-h">{t("Lịch sử thành viên", "Membership history")}</h2>
        <p class="muted small">
          {t(`${all.length} lượt đảm nhiệm, trong đó ${ended.length} đã kết thúc.`, `${all.length} membership(s), ${ended.length} of them ended.`)}
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
        {consolidations.data && consolidations.data.consolidations.length === 0 && <p class="muted">{t("Chưa có lần kiện toàn nào.", "No consolidation yet.")}</p>}
        {consolidations.data && consolidations.data.consolidations.length > 0 && (
          <ul class="org-committee-list">
            {consolidations.data.consolidations.map((k) => {
              const out = all.filter((m) => m.endedIn === k.id);
              const inn = all.filter((m) => m.appointedIn === k.id);
              return (
                <li key={k.id}>
                  <strong>#{k.id} · {t("Quyết định", "Decision")} {k.decisionNumber}</strong> <span class="muted">({fmtDate(k.decisionDate)})</span>
                  <div class="small">
                    {t("Hiệu lực từ", "Effective from")} {fmtDate(k.effectiveDate)}
                    {k.note ? ` · ${k.note}` : ""}
                  </div>
                  {(out.length > 0 || inn.length > 0) && (
                    <div class="small muted">
                      {inn.length > 0 && <>{t("Bổ sung", "Added")}: {inn.map((m) => m.fullName).join(", ")}. </>}
                      {out.length > 0 && <>{t("Thôi làm thành viên", "Left the committee")}: {out.map((m) => m.fullName).join(", ")}.</>}
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

function Stats(props: { s: Schemas["MemberStats"] }) {
  const s = props.s;
  const share = s.total > 0 ? (s.women * 100) / s.total : null;
  return (
    <>
      <div class="org-kpis">
        <div class="kpi">
          <div class="muted small">{t("Tổng số", "Total")}</div>
          <div class="kpi-value">{s.total}</div>
        </div>
        <div class="kpi">
          <div class="muted small">{t("Nữ", "Women")}</div>
          <div class="kpi-value">{s.women}</div>
        </div>
        <div class="kpi">
          <div class="muted small">{t("Nam", "Men")}</div>
          <div class="kpi-value">{s.men}</div>
        </div>
        <div class="kpi">
          <div class="muted small">{t("Tỷ lệ nữ", "Share of women")}</div>
          <div class="kpi-value" id="committee-women-share">{fmtPercent(share)}</div>
          {share !== null && (
            <div class="org-bar" role="img" aria-label={t(`Tỷ lệ nữ ${fmtPercent(share)}`, `Share of women ${fmtPercent(share)}`)}>
              <span style={{ width: `${share}%` }} />
            </div>
          )}
        </div>
      </div>
      <div class="table-scroll">
        <table class="data">
          <caption>{t("Theo chức danh trong Ban", "By role in the committee")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("Chức danh", "Role")}</th>
              <th scope="col" class="num">{t("Nữ", "Women")}</th>
              <th scope="col" class="num">{t("Nam", "Men")}</th>
            </tr>
          </thead>
          <tbody>
            {MEMBER_ROLES.map((r) => {
              const c = s.byRole[r] ?? { women: 0, men: 0 };
              return (
                <tr key={r}>
                  <th scope="row" style={{ fontWeight: 400, background: "transparent" }}>{memberRoleLabel(r)}</th>
                  <td class="num">{c.women}</td>
                  <td class="num">{c.men}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function EndMemberForm(props: { committee: number; member: Member; onCancel: () => void; onDone: (m: Member) => void }) {
  const [termEnd, setTermEnd] = useState(todayIso());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const m = await call(api.POST("/api/v1/committees/{id}/members/{member}/end", { params: { path: { id: props.committee, member: props.member.id } }, body: { termEnd } }));
      props.onDone(m);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="org-subform" onSubmit={submit} id="end-member-form" aria-labelledby="end-member-h">
      <h3 id="end-member-h" style={{ marginTop: 0 }}>{t(`Kết thúc nhiệm kỳ: ${props.member.fullName}`, `End the term of ${props.member.fullName}`)}</h3>
      <p class="muted small">{t(`${memberRoleLabel(props.member.role)}, từ ${fmtDate(props.member.termStart)}. Ngày kết thúc là ngày cuối cùng đảm nhiệm.`, `${memberRoleLabel(props.member.role)} since ${fmtDate(props.member.termStart)}. The end date is the last day served.`)}</p>
      <div class="org-inline-form">
        <Field id="end-term" label={t("Ngày kết thúc", "Last day")} error={error} names={["termEnd"]}>
          {(a) => <DateInput {...a} required value={termEnd} min={props.member.termStart} onValue={setTermEnd} />}
        </Field>
        <button type="submit" class="btn btn-primary" disabled={busy || !termEnd}>{busy ? t("Đang lưu…", "Saving…") : t("Kết thúc nhiệm kỳ", "End term")}</button>
        <button type="button" class="btn" onClick={props.onCancel}>{t("Hủy", "Cancel")}</button>
      </div>
      <FormError error={error} fields={["termEnd"]} />
    </form>
  );
}

function AddMemberForm(props: { committee: Committee; onDone: (m: Member) => void }) {
  const empty = { fullName: "", sex: "F", position: "", agency: "", role: "member", decisionNumber: "", decisionDate: "", termStart: todayIso() };
  const [f, setF] = useState(empty);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const agencies = useAsync(
    () => (open ? call(api.GET("/api/v1/units", { params: { query: { parent: props.committee.unit } } })).then((r) => r.units.filter((u) => u.type === "agency"), () => [] as Unit[]) : Promise.resolve([] as Unit[])),
    [open],
  );
  const set = (k: keyof typeof empty) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const m = await call(
        api.POST("/api/v1/committees/{id}/members", {
          params: { path: { id: props.committee.id } },
          body: {
            fullName: f.fullName,
            sex: f.sex as "F" | "M",
            role: f.role as Member["role"],
            position: f.position || undefined,
            agency: f.agency || undefined,
            decisionNumber: f.decisionNumber || undefined,
            decisionDate: f.decisionDate || undefined,
            termStart: f.termStart || undefined,
          },
        }),
      );
      setF(empty);
      setOpen(false);
      props.onDone(m);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fields = ["fullName", "sex", "position", "agency", "role", "decisionNumber", "decisionDate", "termStart"];
  if (!open)
    return (
      <p>
        <button type="button" class="btn btn-primary" id="add-member-open" onClick={() => setOpen(true)} aria-expanded={false} aria-controls="add-member-form">
          {t("Bổ sung thành viên", "Add a member")}
        </button>
      </p>
    );
  return (
    <form class="org-subform" id="add-member-form" onSubmit={submit} aria-labelledby="add-member-h" noValidate>
      <h3 id="add-member-h" style={{ marginTop: 0 }}>{t("Bổ sung thành viên", "Add a member")}</h3>
      <div class="org-form-grid">
        <Field id="member-fullName" names={["fullName"]} label={t("Họ và tên", "Full name")} error={error}>
          {(a) => <input {...a} required value={f.fullName} onInput={set("fullName")} autocomplete="off" />}
        </Field>
        <Field id="member-sex" names={["sex"]} label={t("Giới tính", "Sex")} error={error}>
          {(a) => (
            <select {...a} value={f.sex} onChange={set("sex")}>
              <option value="F">{t("Nữ", "Female")}</option>
              <option value="M">{t("Nam", "Male")}</option>
            </select>
          )}
        </Field>
        <Field id="member-role" names={["role"]} label={t("Chức danh trong Ban", "Role in the committee")} error={error}>
          {(a) => (
            <select {...a} value={f.role} onChange={set("role")}>
              {MEMBER_ROLES.map((r) => (
                <option value={r}>{memberRoleLabel(r)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="member-position" names={["position"]} label={t("Chức vụ", "Position")} error={error}>
          {(a) => <input {...a} value={f.position} onInput={set("position")} />}
        </Field>
        <Field id="member-agency" names={["agency"]} label={t("Cơ quan (mã đơn vị)", "Agency (unit code)")} error={error} hint={t("Chọn trong danh sách hoặc gõ mã.", "Pick from the list or type a code.")}>
          {(a) => (
            <>
              <input {...a} value={f.agency} onInput={set("agency")} list="agency-options" autocomplete="off" />
              <datalist id="agency-options">
                {(agencies.data ?? []).map((u) => (
                  <option value={u.code}>{pick(u)}</option>
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field id="member-decisionNumber" names={["decisionNumber"]} label={t("Số quyết định", "Decision number")} error={error}>
          {(a) => <input {...a} value={f.decisionNumber} onInput={set("decisionNumber")} placeholder="1234/QĐ-UBND" />}
        </Field>
        <Field id="member-decisionDate" names={["decisionDate"]} label={t("Ngày quyết định", "Decision date")} error={error}>
          {(a) => <DateInput {...a} value={f.decisionDate} onValue={(v) => setF({ ...f, decisionDate: v })} />}
        </Field>
        <Field id="member-termStart" names={["termStart"]} label={t("Ngày bắt đầu", "Start date")} error={error}>
          {(a) => <DateInput {...a} value={f.termStart} onValue={(v) => setF({ ...f, termStart: v })} />}
        </Field>
      </div>
      <FormError error={error} fields={fields} />
      <div class="row">
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? t("Đang lưu…", "Saving…") : t("Bổ sung", "Add")}</button>
        <button type="button" class="btn" onClick={() => { setOpen(false); setError(null); }}>{t("Hủy", "Cancel")}</button>
      </div>
    </form>
  );
}
