// A committee's membership figures and the forms that change the members: ending a term, appointing a member.
import { useState } from "preact/hooks";
import { api, call, type Schemas } from "../../lib/api";
import { fmtDate, fmtPercent, todayIso } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { useMutation } from "../../lib/mutation";
import { useAsync } from "../../lib/ui";
import { Field, FormError, MEMBER_ROLES, memberRoleLabel, type Unit } from "./org-common";
import { DateInput } from "../../lib/date-input";
import type { Committee, Member } from "./committee-types";

export function Stats(props: { s: Schemas["MemberStats"] }) {
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
          <div class="kpi-value" id="committee-women-share">
            {fmtPercent(share)}
          </div>
          {share !== null && (
            <div
              class="org-bar"
              role="img"
              aria-label={t(`Tỷ lệ nữ ${fmtPercent(share)}`, `Share of women ${fmtPercent(share)}`)}
            >
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
              <th scope="col" class="num">
                {t("Nữ", "Women")}
              </th>
              <th scope="col" class="num">
                {t("Nam", "Men")}
              </th>
            </tr>
          </thead>
          <tbody>
            {MEMBER_ROLES.map((r) => {
              const c = s.byRole[r] ?? { women: 0, men: 0 };
              return (
                <tr key={r}>
                  <th scope="row" style={{ fontWeight: 400, background: "transparent" }}>
                    {memberRoleLabel(r)}
                  </th>
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

export function EndMemberForm(props: {
  committee: number;
  member: Member;
  onCancel: () => void;
  onDone: (m: Member) => void;
}) {
  const [termEnd, setTermEnd] = useState(todayIso());
  const end = useMutation(() =>
    call(
      api.POST("/api/v1/committees/{id}/members/{member}/end", {
        params: { path: { id: props.committee, member: props.member.id } },
        body: { termEnd },
      }),
    ),
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const m = await end.run();
    if (m) props.onDone(m);
  };
  const { busy, error } = end;
  return (
    <form class="org-subform" onSubmit={submit} id="end-member-form" aria-labelledby="end-member-h">
      <h3 id="end-member-h" style={{ marginTop: 0 }}>
        {t(`Kết thúc nhiệm kỳ: ${props.member.fullName}`, `End the term of ${props.member.fullName}`)}
      </h3>
      <p class="muted small">
        {t(
          `${memberRoleLabel(props.member.role)}, từ ${fmtDate(props.member.termStart)}. Ngày kết thúc là ngày cuối cùng đảm nhiệm.`,
          `${memberRoleLabel(props.member.role)} since ${fmtDate(props.member.termStart)}. The end date is the last day served.`,
        )}
      </p>
      <div class="org-inline-form">
        <Field id="end-term" label={t("Ngày kết thúc", "Last day")} error={error} names={["termEnd"]}>
          {(a) => <DateInput {...a} required value={termEnd} min={props.member.termStart} onValue={setTermEnd} />}
        </Field>
        <button type="submit" class="btn btn-primary" disabled={busy || !termEnd}>
          {busy ? t("Đang lưu…", "Saving…") : t("Kết thúc nhiệm kỳ", "End term")}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t("Hủy", "Cancel")}
        </button>
      </div>
      <FormError error={error} fields={["termEnd"]} />
    </form>
  );
}

export function AddMemberForm(props: { committee: Committee; onDone: (m: Member) => void }) {
  const empty = {
    fullName: "",
    sex: "F",
    position: "",
    agency: "",
    role: "member",
    decisionNumber: "",
    decisionDate: "",
    termStart: todayIso(),
  };
  const [f, setF] = useState(empty);
  const [open, setOpen] = useState(false);
  const agencies = useAsync(
    () =>
      open
        ? call(api.GET("/api/v1/units", { params: { query: { parent: props.committee.unit } } })).then(
            (r) => r.units.filter((u) => u.type === "agency"),
            () => [] as Unit[],
          )
        : Promise.resolve([] as Unit[]),
    [open],
  );
  const set = (k: keyof typeof empty) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const add = useMutation(async () => {
    return await call(
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
  });
  const { busy, error } = add;
  const submit = async (e: Event) => {
    e.preventDefault();
    const m = await add.run();
    if (!m) return;
    setF(empty);
    setOpen(false);
    props.onDone(m);
  };
  const fields = ["fullName", "sex", "position", "agency", "role", "decisionNumber", "decisionDate", "termStart"];
  if (!open)
    return (
      <p>
        <button
          type="button"
          class="btn btn-primary"
          id="add-member-open"
          onClick={() => setOpen(true)}
          aria-expanded={false}
          aria-controls="add-member-form"
        >
          {t("Bổ sung thành viên", "Add a member")}
        </button>
      </p>
    );
  return (
    <form class="org-subform" id="add-member-form" onSubmit={submit} aria-labelledby="add-member-h" noValidate>
      <h3 id="add-member-h" style={{ marginTop: 0 }}>
        {t("Bổ sung thành viên", "Add a member")}
      </h3>
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
        <Field
          id="member-role"
          names={["role"]}
          label={t("Chức danh trong Ban", "Role in the committee")}
          error={error}
        >
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
        <Field
          id="member-agency"
          names={["agency"]}
          label={t("Cơ quan (mã đơn vị)", "Agency (unit code)")}
          error={error}
          hint={t("Chọn trong danh sách hoặc gõ mã.", "Pick from the list or type a code.")}
        >
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
        <Field
          id="member-decisionNumber"
          names={["decisionNumber"]}
          label={t("Số quyết định", "Decision number")}
          error={error}
        >
          {(a) => <input {...a} value={f.decisionNumber} onInput={set("decisionNumber")} placeholder="1234/QĐ-UBND" />}
        </Field>
        <Field
          id="member-decisionDate"
          names={["decisionDate"]}
          label={t("Ngày quyết định", "Decision date")}
          error={error}
        >
          {(a) => <DateInput {...a} value={f.decisionDate} onValue={(v) => setF({ ...f, decisionDate: v })} />}
        </Field>
        <Field id="member-termStart" names={["termStart"]} label={t("Ngày bắt đầu", "Start date")} error={error}>
          {(a) => <DateInput {...a} value={f.termStart} onValue={(v) => setF({ ...f, termStart: v })} />}
        </Field>
      </div>
      <FormError error={error} fields={fields} />
      <div class="row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t("Đang lưu…", "Saving…") : t("Bổ sung", "Add")}
        </button>
        <button
          type="button"
          class="btn"
          onClick={() => {
            setOpen(false);
            add.reset();
          }}
        >
          {t("Hủy", "Cancel")}
        </button>
      </div>
    </form>
  );
}
