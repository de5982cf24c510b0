// Creating an account: login, name, e-mail, its first role on a unit and a first password (changed at the
// first sign-in).
import { useEffect, useRef, useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { t } from "../../lib/i18n";
import { Field, FormError, ROLES, roleLabel, type Role } from "./org-common";
import { UnitPicker } from "../../lib/unit-picker";
import type { User } from "./users-types";

export function CreateUser(props: { onCancel: () => void; onDone: (u: User) => void }) {
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
          body: {
            login: f.login.trim(),
            displayName: f.displayName || undefined,
            email: f.email.trim() || undefined,
            role: f.role as Role,
            unit: f.unit.trim(),
            password: f.password,
          },
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
      <h2 id="user-create-h" tabIndex={-1} ref={first}>
        {t("Tạo người dùng", "Create a user")}
      </h2>
      <div class="org-form-grid">
        <Field
          id="new-login"
          names={["login"]}
          label={t("Tên đăng nhập", "Login")}
          error={error}
          hint={t("3–64 ký tự: chữ thường không dấu, số, . _ -", "3–64 characters: lower-case letters, digits, . _ -")}
        >
          {(a) => (
            <input
              {...a}
              required
              value={f.login}
              onInput={set("login")}
              autocomplete="off"
              autocapitalize="none"
              spellcheck={false}
            />
          )}
        </Field>
        <Field id="new-displayName" names={["displayName"]} label={t("Họ tên", "Name")} error={error}>
          {(a) => <input {...a} value={f.displayName} onInput={set("displayName")} autocomplete="off" />}
        </Field>
        <Field
          id="new-email"
          names={["email"]}
          label={t("Thư điện tử (không bắt buộc)", "E-mail (optional)")}
          error={error}
        >
          {(a) => <input {...a} type="email" value={f.email} onInput={set("email")} autocomplete="off" />}
        </Field>
        <Field
          id="new-unit"
          names={["unit"]}
          label={t("Đơn vị", "Unit")}
          error={error}
          hint={t(
            "Đơn vị của tài khoản, cũng là phạm vi của quyền.",
            "The account's unit, also the scope of the role.",
          )}
        >
          {(a) => (
            <UnitPicker
              id={a.id}
              describedBy={a["aria-describedby"]}
              invalid={a["aria-invalid"]}
              required
              value={f.unit}
              onText={(v) => setF((x) => ({ ...x, unit: v }))}
              onChoose={(v) => setF((x) => ({ ...x, unit: v }))}
            />
          )}
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
        <Field
          id="new-password"
          names={["password"]}
          label={t("Mật khẩu tạm thời", "Temporary password")}
          error={error}
          hint={t(
            "Ít nhất 10 ký tự; người dùng phải đổi khi đăng nhập lần đầu.",
            "At least 10 characters; the user must change it at the first sign-in.",
          )}
        >
          {(a) => (
            <input
              {...a}
              type="password"
              required
              value={f.password}
              onInput={set("password")}
              autocomplete="new-password"
            />
          )}
        </Field>
      </div>
      <FormError error={error} fields={["login", "displayName", "email", "unit", "role", "password"]} />
      <div class="row">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? t("Đang tạo…", "Creating…") : t("Tạo", "Create")}
        </button>
        <button type="button" class="btn" onClick={props.onCancel}>
          {t("Hủy", "Cancel")}
        </button>
      </div>
    </form>
  );
}
