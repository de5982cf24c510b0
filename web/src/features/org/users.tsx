// Users and roles (administrators): list and filter the accounts, create one, edit, disable or
// enable it, reset its password, grant and revoke roles. The server's field errors are shown
// next to the fields.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../lib/api";
import { fmtDateTime, fold } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href, navigate, replaceQuery, type Route } from "../../lib/router";
import { can, useSession } from "../../lib/session";
import { DataTable, ErrorBox, Loading, Notice, Page, useAsync, type Column } from "../../lib/ui";
import { Field, FormError, ROLES, roleLabel, UnitRef, useUnitNames, type Role } from "./org-common";
import { UnitPicker } from "../../lib/unit-picker";
import "./org.css";

type User = Schemas["User"];

export default function UsersGuard(props: { route: Route }) {
  // the shell may render this screen for a moment with the next screen's route
  if (props.route.path[0] !== "users") return null;
  return <UsersInner route={props.route} />;
}

function UsersInner(props: { route: Route }) {
  const { me } = useSession();
  if (!can(me, "users.manage"))
    return (
      <Page title={t("Người dùng và phân quyền", "Users and roles")}>
        <div class="alert alert-warn" role="alert" id="users-not-allowed">
          <p>{t("Chỉ quản trị viên hệ thống được quản lý người dùng và phân quyền.", "Only administrators may manage users and roles.")}</p>
          <p class="small">{t("Nếu cần tạo tài khoản hoặc cấp quyền, hãy liên hệ quản trị viên.", "To get an account created or a role granted, contact an administrator.")}</p>
        </div>
        <p><a href={href("/")}>{t("Về trang chủ", "Go home")}</a></p>
      </Page>
    );
  return <UsersAdmin route={props.route} />;
}

function UsersAdmin(props: { route: Route }) {
  const selected = props.route.query.get("login") ?? "";
  const list = useAsync(() => call(api.GET("/api/v1/users", { params: { query: { limit: 5000 } } })), []);
  const [text, setText] = useState("");
  const [role, setRole] = useState("");
  const [status, setStatus] = useState("");
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState("");
  const users = list.data?.users ?? [];
  const names = useUnitNames([...users.map((u) => u.unit), ...users.flatMap((u) => u.roles.map((r) => r.unit))]);
  const ft = fold(text.trim());
  const shown = users.filter((u) => {
    if (ft) {
      const unitName = names[u.unit] ? pick(names[u.unit]) : "";
      if (!fold(`${u.login} ${u.displayName} ${u.email} ${u.unit} ${unitName}`).includes(ft)) return false;
    }
    if (role && !u.roles.some((r) => r.role === role)) return false;
    if (status === "active" && u.disabled) return false;
    if (status === "disabled" && !u.disabled) return false;
    if (status === "mustChange" && !u.mustChangePassword) return false;
    return true;
  });
  const current = users.find((u) => u.login === selected);
  const replace = (u: User) => list.setData({ users: users.map((x) => (x.login === u.login ? u : x)) });

  const cols: Column<User>[] = [
    {
      key: "login",
      label: t("Tên đăng nhập", "Login"),
      value: (u) => u.login,
      render: (u) => (
        <a href={href("/users", { login: u.login })} aria-current={u.login === selected ? "true" : undefined}>
          {u.login}
        </a>
      ),
    },
    { key: "name", label: t("Họ tên", "Name"), value: (u) => u.displayName },
    { key: "email", label: t("Thư điện tử", "E-mail"), value: (u) => u.email },
    { key: "unit", label: t("Đơn vị", "Unit"), value: (u) => (names[u.unit] ? pick(names[u.unit]) : u.unit), render: (u) => <UnitRef code={u.unit} names={names} /> },
    {
      key: "roles",
      label: t("Quyền", "Roles"),
      value: (u) => u.roles.map((r) => `${r.role}@${r.unit}`).join(" "),
      render: (u) => (
        <span class="row" style={{ gap: "0.25rem" }}>
          {u.roles.map((r) => (
            <span class="badge badge-role">{roleLabel(r.role)} · {r.unit}</span>
          ))}
        </span>
      ),
    },
    {
      key: "status",
      label: t("Trạng thái", "Status"),
      value: (u) => (u.disabled ? 1 : 0),
      render: (u) => (
        <>
          {u.disabled ? <span class="badge badge-off">{t("Đã khóa", "Disabled")}</span> : <span class="badge badge-current">{t("Hoạt động", "Active")}</span>}
          {u.mustChangePassword && <><br /><span class="small muted">{t("Phải đổi mật khẩu", "Must change password")}</span></>}
        </>
      ),
    },
    { key: "pw", label: t("Đổi mật khẩu lần cuối", "Password changed"), value: (u) => u.passwordChangedAt, render: (u) => fmtDateTime(u.passwordChangedAt) },
  ];

  return (
    <Page
      wide
      title={t("Người dùng và phân quyền", "Users and roles")}
      subtitle={t("Mỗi quyền được cấp trên một đơn vị và áp dụng cho toàn bộ các đơn vị trực thuộc.", "Each role is granted on a unit and covers its whole subtree.")}
      actions={
        !creating && (
          <button type="button" class="btn btn-primary" id="user-create-open" onClick={() => { setCreating(true); setMessage(""); }}>
            {t("Tạo người dùng", "Create a user")}
          </button>
        )
      }
    >
      {message && <Notice kind="ok">{message}</Notice>}
      {creating && (
        <CreateUser
          onCancel={() => setCreating(false)}
          onDone={(u) => {
            setCreating(false);
            list.setData({ users: [...users, u].sort((a, b) => a.login.localeCompare(b.login)) });
            setMessage(t(`Đã tạo tài khoản ${u.login}. Người dùng phải đổi mật khẩu khi đăng nhập lần đầu.`, `Created ${u.login}. The user must change the password at the first sign-in.`));
            navigate("/users", { login: u.login });
          }}
        />
      )}
      {selected && list.data && !current && (
        <div class="alert alert-warn" role="alert">{t(`Không có người dùng ${selected} trong phạm vi của bạn.`, `No user ${selected} in your scope.`)}</div>
      )}
      {current && <EditUser key={current.login} user={current} names={names} onChange={replace} onClose={() => replaceQuery({})} />}
      <section class="card" aria-labelledby="users-list-h">
        <h2 id="users-list-h">{t("Danh sách người dùng", "Users")}</h2>
        <form class="org-filters" onSubmit={(e) => e.preventDefault()} aria-label={t("Lọc người dùng", "Filter users")}>
          <div class="field">
            <label for="users-filter">{t("Tìm theo tên, đăng nhập, đơn vị", "Find by name, login, unit")}</label>
            <input id="users-filter" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} autocomplete="off" />
          </div>
          <div class="field">
            <label for="users-role">{t("Quyền", "Role")}</label>
            <select id="users-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
              <option value="">{t("Tất cả", "All")}</option>
              {ROLES.map((r) => (
                <option value={r}>{roleLabel(r)}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="users-status">{t("Trạng thái", "Status")}</label>
            <select id="users-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
              <option value="">{t("Tất cả", "All")}</option>
              <option value="active">{t("Hoạt động", "Active")}</option>
              <option value="disabled">{t("Đã khóa", "Disabled")}</option>
              <option value="mustChange">{t("Phải đổi mật khẩu", "Must change password")}</option>
            </select>
          </div>
        </form>
        {list.loading && <Loading />}
        <ErrorBox error={list.error} />
        {list.data && (
          <DataTable
            id="users-table"
            caption={t(`${shown.length} / ${users.length} người dùng`, `${shown.length} of ${users.length} users`)}
            columns={cols}
            rows={shown}
            rowKey={(u) => u.login}
            csvName="nguoi-dung.csv"
            empty={t("Không có người dùng nào khớp.", "No user matches.")}
          />
        )}
      </section>
    </Page>
  );
}

function CreateUser(props: { onCancel: () => void; onDone: (u: User) => void }) {
  const [f, setF] = useState({ login: "", displayName: "", email: "", role: "editor", unit: "", password: "" });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const first = useRef<HTMLHeadingElement>(null);
  useEffect(() => first.current?.focus(), []);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const u = await call(
        api.POST("/api/v1/users", {
          body: { login: f.login.trim(), displayName: f.displayName || undefined, email: f.email.trim() || undefined, role: f.role as Role, unit: f.unit.trim(), password: f.password },
        }),
      );
      props.onDone(u);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" id="user-create-form" onSubmit={submit} aria-labelledby="user-create-h" noValidate>
      <h2 id="user-create-h" tabIndex={-1} ref={first}>{t("Tạo người dùng", "Create a user")}</h2>
      <div class="org-form-grid">
        <Field id="new-login" names={["login"]} label={t("Tên đăng nhập", "Login")} error={error} hint={t("3–64 ký tự: chữ thường không dấu, số, . _ -", "3–64 characters: lower-case letters, digits, . _ -")}>
          {(a) => <input {...a} required value={f.login} onInput={set("login")} autocomplete="off" autocapitalize="none" spellcheck={false} />}
        </Field>
        <Field id="new-displayName" names={["displayName"]} label={t("Họ tên", "Name")} error={error}>
          {(a) => <input {...a} value={f.displayName} onInput={set("displayName")} autocomplete="off" />}
        </Field>
        <Field id="new-email" names={["email"]} label={t("Thư điện tử (không bắt buộc)", "E-mail (optional)")} error={error}>
          {(a) => <input {...a} type="email" value={f.email} onInput={set("email")} autocomplete="off" />}
        </Field>
        <Field id="new-unit" names={["unit"]} label={t("Đơn vị", "Unit")} error={error} hint={t("Đơn vị của tài khoản, cũng là phạm vi của quyền.", "The account's unit, also the scope of the role.")}>
          {(a) => <UnitPicker id={a.id} describedBy={a["aria-describedby"]} invalid={a["aria-invalid"]} required value={f.unit}
            onText={(v) => setF((x) => ({ ...x, unit: v }))} onChoose={(v) => setF((x) => ({ ...x, unit: v }))} />}
        </Field>
        <Field id="new-role" names={["role"]} label={t("Quyền", "Role")} error={error}>
          {(a) => (
            <select {...a} value={f.role} onChange={set("role")}>
              {ROLES.map((r) => (
                <option value={r}>{roleLabel(r)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="new-password" names={["password"]} label={t("Mật khẩu tạm thời", "Temporary password")} error={error} hint={t("Ít nhất 10 ký tự; người dùng phải đổi khi đăng nhập lần đầu.", "At least 10 characters; the user must change it at the first sign-in.")}>
          {(a) => <input {...a} type="password" required value={f.password} onInput={set("password")} autocomplete="new-password" />}
        </Field>
      </div>
      <FormError error={error} fields={["login", "displayName", "email", "unit", "role", "password"]} />
      <div class="row">
        <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? t("Đang tạo…", "Creating…") : t("Tạo", "Create")}</button>
        <button type="button" class="btn" onClick={props.onCancel}>{t("Hủy", "Cancel")}</button>
      </div>
    </form>
  );
}

function EditUser(props: { user: User; names: Record<string, Schemas["Unit"] | null>; onChange: (u: User) => void; onClose: () => void }) {
  const { me } = useSession();
  const u = props.user;
  const [displayName, setDisplayName] = useState(u.displayName);
  const [email, setEmail] = useState(u.email);
  const [saveErr, setSaveErr] = useState<unknown>(null);
  const [busy, setBusy] = useState("");
  const [msg, setMsg] = useState("");
  const [pw, setPw] = useState("");
  const [pwErr, setPwErr] = useState<unknown>(null);
  const [grant, setGrant] = useState({ role: "viewer", unit: "" });
  const [grantErr, setGrantErr] = useState<unknown>(null);
  const [revokeErr, setRevokeErr] = useState<unknown>(null);
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    head.current?.focus();
    head.current?.scrollIntoView({ block: "start" });
  }, []);
  const self = u.login === me.login;

  const run = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    setMsg("");
    try {
      await f();
    } finally {
      setBusy("");
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    setSaveErr(null);
    void run("save", async () => {
      try {
        const r = await call(api.PUT("/api/v1/users/{login}", { params: { path: { login: u.login } }, body: { displayName, email } }));
        props.onChange(r);
        setMsg(t("Đã lưu thông tin.", "Saved."));
      } catch (err) {
        setSaveErr(err);
      }
    });
  };
  const setDisabled = (disabled: boolean) => {
    setSaveErr(null);
    void run("disable", async () => {
      try {
        const r = await call(api.PUT("/api/v1/users/{login}", { params: { path: { login: u.login } }, body: { disabled } }));
        props.onChange(r);
        setMsg(disabled ? t("Đã khóa tài khoản; các phiên đăng nhập của người dùng đã kết thúc.", "Account disabled; the user's sessions were ended.") : t("Đã mở khóa tài khoản.", "Account enabled."));
      } catch (err) {
        setSaveErr(err);
      }
    });
  };
  const reset = (e: Event) => {
    e.preventDefault();
    setPwErr(null);
    void run("pw", async () => {
      try {
        await call(api.POST("/api/v1/users/{login}/password", { params: { path: { login: u.login } }, body: { newPassword: pw } }));
        setPw("");
        props.onChange({ ...u, mustChangePassword: true, passwordChangedAt: new Date().toISOString() });
        setMsg(t("Đã đặt lại mật khẩu. Người dùng phải đổi mật khẩu khi đăng nhập lần sau.", "Password reset. The user must change it at the next sign-in."));
      } catch (err) {
        setPwErr(err);
      }
    });
  };
  const doGrant = (e: Event) => {
    e.preventDefault();
    setGrantErr(null);
    void run("grant", async () => {
      try {
        const r = await call(api.POST("/api/v1/users/{login}/roles", { params: { path: { login: u.login } }, body: { role: grant.role as Role, unit: grant.unit.trim() } }));
        props.onChange(r);
        setGrant({ role: "viewer", unit: "" });
        setMsg(t("Đã cấp quyền.", "Role granted."));
      } catch (err) {
        setGrantErr(err);
      }
    });
  };
  const revoke = (role: string, unit: string) => {
    setRevokeErr(null);
    if (!window.confirm(t(`Thu hồi quyền ${roleLabel(role)} trên đơn vị ${unit} của ${u.login}?`, `Revoke ${roleLabel(role)} on ${unit} from ${u.login}?`))) return;
    void run("revoke", async () => {
      try {
        const r = await call(api.DELETE("/api/v1/users/{login}/roles/{role}/{unit}", { params: { path: { login: u.login, role: role as Role, unit } } }));
        props.onChange(r);
        setMsg(t("Đã thu hồi quyền.", "Role revoked."));
      } catch (err) {
        setRevokeErr(err);
      }
    });
  };

  return (
    <section class="card" id="user-editor" aria-labelledby="user-editor-h">
      <div class="row" style={{ justifyContent: "space-between" }}>
        <h2 id="user-editor-h" tabIndex={-1} ref={head}>
          {u.displayName || u.login} <span class="org-code">({u.login})</span>{" "}
          {u.disabled ? <span class="badge badge-off">{t("Đã khóa", "Disabled")}</span> : <span class="badge badge-current">{t("Hoạt động", "Active")}</span>}
        </h2>
        <div class="row">
          <a class="btn btn-small" href={href("/audit", { type: "user", id: u.login })}>{t("Nhật ký", "Audit trail")}</a>
          <button type="button" class="btn btn-small" onClick={props.onClose}>{t("Đóng", "Close")}</button>
        </div>
      </div>
      <p class="muted small">
        {t("Đơn vị", "Unit")}: <UnitRef code={u.unit} names={props.names} /> · {t("Đổi mật khẩu lần cuối", "Password changed")} {fmtDateTime(u.passwordChangedAt)}
        {u.mustChangePassword ? ` · ${t("phải đổi mật khẩu khi đăng nhập", "must change the password at sign-in")}` : ""}
      </p>
      {msg && <Notice kind="ok">{msg}</Notice>}
      <div class="org-grid">
        <form onSubmit={save} aria-labelledby="user-profile-h" noValidate>
          <h3 id="user-profile-h">{t("Thông tin tài khoản", "Account")}</h3>
          <Field id="edit-displayName" label={t("Họ tên", "Name")} error={saveErr} names={["displayName"]}>
            {(a) => <input {...a} value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} style={{ width: "100%" }} />}
          </Field>
          <Field id="edit-email" label={t("Thư điện tử", "E-mail")} error={saveErr} names={["email"]}>
            {(a) => <input {...a} type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} style={{ width: "100%" }} />}
          </Field>
          <FormError error={saveErr} fields={["displayName", "email"]} />
          <div class="row">
            <button type="submit" class="btn btn-primary" disabled={!!busy || (displayName === u.displayName && email === u.email)}>{t("Lưu", "Save")}</button>
            {u.disabled ? (
              <button type="button" class="btn" id="user-enable" disabled={!!busy} onClick={() => setDisabled(false)}>{t("Mở khóa tài khoản", "Enable account")}</button>
            ) : (
              <button type="button" class="btn btn-danger" id="user-disable" disabled={!!busy || self} onClick={() => setDisabled(true)}
                title={self ? t("Không thể tự khóa tài khoản của mình", "You cannot disable your own account") : undefined}>
                {t("Khóa tài khoản", "Disable account")}
              </button>
            )}
          </div>
        </form>
        <form onSubmit={reset} aria-labelledby="user-pw-h" noValidate>
          <h3 id="user-pw-h">{t("Đặt lại mật khẩu", "Reset the password")}</h3>
          <Field id="reset-password" label={t("Mật khẩu tạm thời mới", "New temporary password")} error={pwErr} names={["password", "newPassword"]}
            hint={t("Các phiên của người dùng sẽ kết thúc; họ phải đổi mật khẩu khi đăng nhập lại.", "The user's sessions end; they must change it at the next sign-in.")}>
            {(a) => <input {...a} type="password" value={pw} onInput={(e) => setPw(e.currentTarget.value)} autocomplete="new-password" style={{ width: "100%" }} />}
          </Field>
          <FormError error={pwErr} fields={["password", "newPassword"]} />
          <button type="submit" class="btn" disabled={!!busy || !pw}>{t("Đặt lại mật khẩu", "Reset password")}</button>
        </form>
      </div>
      <h3>{t("Quyền được cấp", "Role grants")}</h3>
      {u.roles.length === 0 ? (
        <p class="muted">{t("Chưa có quyền nào.", "No role yet.")}</p>
      ) : (
        <div class="table-scroll">
          <table class="data" id="user-roles">
            <caption class="sr-only">{t("Quyền được cấp", "Role grants")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Quyền", "Role")}</th>
                <th scope="col">{t("Trên đơn vị (và các đơn vị trực thuộc)", "On unit (and its subtree)")}</th>
                <th scope="col">{t("Thao tác", "Actions")}</th>
              </tr>
            </thead>
            <tbody>
              {u.roles.map((r) => (
                <tr key={`${r.role}/${r.unit}`}>
                  <td>{roleLabel(r.role)}</td>
                  <td><UnitRef code={r.unit} names={props.names} /></td>
                  <td>
                    <button type="button" class="btn btn-small btn-danger" disabled={!!busy} onClick={() => revoke(r.role, r.unit)}
                      aria-label={t(`Thu hồi quyền ${roleLabel(r.role)} trên ${r.unit}`, `Revoke ${roleLabel(r.role)} on ${r.unit}`)}>
                      {t("Thu hồi", "Revoke")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorBox error={revokeErr} />
      <form class="org-inline-form" onSubmit={doGrant} aria-label={t("Cấp thêm quyền", "Grant a role")} noValidate style={{ marginTop: "0.75rem" }}>
        <Field id="grant-role" label={t("Cấp thêm quyền", "Grant a role")} error={grantErr} names={["role"]}>
          {(a) => (
            <select {...a} value={grant.role} onChange={(e) => setGrant({ ...grant, role: e.currentTarget.value })}>
              {ROLES.map((r) => (
                <option value={r}>{roleLabel(r)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="grant-unit" label={t("Trên đơn vị", "On unit")} error={grantErr} names={["unit"]}>
          {(a) => <UnitPicker id={a.id} describedBy={a["aria-describedby"]} invalid={a["aria-invalid"]} value={grant.unit}
            onText={(v) => setGrant((g) => ({ ...g, unit: v }))} onChoose={(v) => setGrant((g) => ({ ...g, unit: v }))} />}
        </Field>
        <button type="submit" class="btn btn-primary" disabled={!!busy || !grant.unit.trim()}>{t("Cấp quyền", "Grant")}</button>
      </form>
      <FormError error={grantErr} fields={["role", "unit"]} />
    </section>
  );
}
