// One account: its details, enabling or disabling it, a new password, and its roles on units (granted and
// revoked one by one).
import { useEffect, useRef, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { t } from "../../lib/i18n";
import { href } from "../../lib/router";
import { useSession } from "../../lib/session";
import { ErrorBox, Notice } from "../../lib/ui";
import { Field, FormError, ROLES, roleLabel, UnitRef, type Role } from "./org-common";
import { UnitPicker } from "../../lib/unit-picker";
import type { User } from "./users-types";

export function EditUser(props: {
  user: User;
  names: Record<string, Schemas["Unit"] | null>;
  onChange: (u: User) => void;
  onClose: () => void;
}) {
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
        const r = await call(
          api.PUT("/api/v1/users/{login}", { params: { path: { login: u.login } }, body: { displayName, email } }),
        );
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
        const r = await call(
          api.PUT("/api/v1/users/{login}", { params: { path: { login: u.login } }, body: { disabled } }),
        );
        props.onChange(r);
        setMsg(
          disabled
            ? t(
                "Đã khóa tài khoản; các phiên đăng nhập của người dùng đã kết thúc.",
                "Account disabled; the user's sessions were ended.",
              )
            : t("Đã mở khóa tài khoản.", "Account enabled."),
        );
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
        await call(
          api.POST("/api/v1/users/{login}/password", {
            params: { path: { login: u.login } },
            body: { newPassword: pw },
          }),
        );
        setPw("");
        props.onChange({ ...u, mustChangePassword: true, passwordChangedAt: new Date().toISOString() });
        setMsg(
          t(
            "Đã đặt lại mật khẩu. Người dùng phải đổi mật khẩu khi đăng nhập lần sau.",
            "Password reset. The user must change it at the next sign-in.",
          ),
        );
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
        const r = await call(
          api.POST("/api/v1/users/{login}/roles", {
            params: { path: { login: u.login } },
            body: { role: grant.role as Role, unit: grant.unit.trim() },
          }),
        );
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
    if (
      !window.confirm(
        t(
          `Thu hồi quyền ${roleLabel(role)} trên đơn vị ${unit} của ${u.login}?`,
          `Revoke ${roleLabel(role)} on ${unit} from ${u.login}?`,
        ),
      )
    )
      return;
    void run("revoke", async () => {
      try {
        const r = await call(
          api.DELETE("/api/v1/users/{login}/roles/{role}/{unit}", {
            params: { path: { login: u.login, role: role as Role, unit } },
          }),
        );
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
          {u.disabled ? (
            <span class="badge badge-off">{t("Đã khóa", "Disabled")}</span>
          ) : (
            <span class="badge badge-current">{t("Hoạt động", "Active")}</span>
          )}
        </h2>
        <div class="row">
          <a class="btn btn-small" href={href("/audit", { type: "user", id: u.login })}>
            {t("Nhật ký", "Audit trail")}
          </a>
          <button type="button" class="btn btn-small" onClick={props.onClose}>
            {t("Đóng", "Close")}
          </button>
        </div>
      </div>
      <p class="muted small">
        {t("Đơn vị", "Unit")}: <UnitRef code={u.unit} names={props.names} /> ·{" "}
        {t("Đổi mật khẩu lần cuối", "Password changed")} {fmtDateTime(u.passwordChangedAt)}
        {u.mustChangePassword
          ? ` · ${t("phải đổi mật khẩu khi đăng nhập", "must change the password at sign-in")}`
          : ""}
      </p>
      {msg && <Notice kind="ok">{msg}</Notice>}
      <div class="org-grid">
        <form onSubmit={save} aria-labelledby="user-profile-h" noValidate>
          <h3 id="user-profile-h">{t("Thông tin tài khoản", "Account")}</h3>
          <Field id="edit-displayName" label={t("Họ tên", "Name")} error={saveErr} names={["displayName"]}>
            {(a) => (
              <input
                {...a}
                value={displayName}
                onInput={(e) => setDisplayName(e.currentTarget.value)}
                style={{ width: "100%" }}
              />
            )}
          </Field>
          <Field id="edit-email" label={t("Thư điện tử", "E-mail")} error={saveErr} names={["email"]}>
            {(a) => (
              <input
                {...a}
                type="email"
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
                style={{ width: "100%" }}
              />
            )}
          </Field>
          <FormError error={saveErr} fields={["displayName", "email"]} />
          <div class="row">
            <button
              type="submit"
              class="btn btn-primary"
              disabled={!!busy || (displayName === u.displayName && email === u.email)}
            >
              {t("Lưu", "Save")}
            </button>
            {u.disabled ? (
              <button type="button" class="btn" id="user-enable" disabled={!!busy} onClick={() => setDisabled(false)}>
                {t("Mở khóa tài khoản", "Enable account")}
              </button>
            ) : (
              <button
                type="button"
                class="btn btn-danger"
                id="user-disable"
                disabled={!!busy || self}
                onClick={() => setDisabled(true)}
                title={
                  self ? t("Không thể tự khóa tài khoản của mình", "You cannot disable your own account") : undefined
                }
              >
                {t("Khóa tài khoản", "Disable account")}
              </button>
            )}
          </div>
        </form>
        <form onSubmit={reset} aria-labelledby="user-pw-h" noValidate>
          <h3 id="user-pw-h">{t("Đặt lại mật khẩu", "Reset the password")}</h3>
          <Field
            id="reset-password"
            label={t("Mật khẩu tạm thời mới", "New temporary password")}
            error={pwErr}
            names={["password", "newPassword"]}
            hint={t(
              "Các phiên của người dùng sẽ kết thúc; họ phải đổi mật khẩu khi đăng nhập lại.",
              "The user's sessions end; they must change it at the next sign-in.",
            )}
          >
            {(a) => (
              <input
                {...a}
                type="password"
                value={pw}
                onInput={(e) => setPw(e.currentTarget.value)}
                autocomplete="new-password"
                style={{ width: "100%" }}
              />
            )}
          </Field>
          <FormError error={pwErr} fields={["password", "newPassword"]} />
          <button type="submit" class="btn" disabled={!!busy || !pw}>
            {t("Đặt lại mật khẩu", "Reset password")}
          </button>
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
                  <td>
                    <UnitRef code={r.unit} names={props.names} />
                  </td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-small btn-danger"
                      disabled={!!busy}
                      onClick={() => revoke(r.role, r.unit)}
                      aria-label={t(
                        `Thu hồi quyền ${roleLabel(r.role)} trên ${r.unit}`,
                        `Revoke ${roleLabel(r.role)} on ${r.unit}`,
                      )}
                    >
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
      <form
        class="org-inline-form"
        onSubmit={doGrant}
        aria-label={t("Cấp thêm quyền", "Grant a role")}
        noValidate
        style={{ marginTop: "0.75rem" }}
      >
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
          {(a) => (
            <UnitPicker
              id={a.id}
              describedBy={a["aria-describedby"]}
              invalid={a["aria-invalid"]}
              value={grant.unit}
              onText={(v) => setGrant((g) => ({ ...g, unit: v }))}
              onChoose={(v) => setGrant((g) => ({ ...g, unit: v }))}
            />
          )}
        </Field>
        <button type="submit" class="btn btn-primary" disabled={!!busy || !grant.unit.trim()}>
          {t("Cấp quyền", "Grant")}
        </button>
      </form>
      <FormError error={grantErr} fields={["role", "unit"]} />
    </section>
  );
}
