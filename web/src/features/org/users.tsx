// Users and roles (administrators): list and filter the accounts, create one, edit, disable or
// enable it, reset its password, grant and revoke roles. The server's field errors are shown
// next to the fields.
import { useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtDateTime, fold } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href, navigate, replaceQuery, type Route } from "../../lib/router";
import { can, useSession } from "../../lib/session";
import { DataTable, ErrorBox, Loading, Notice, Page, useAsync, type Column } from "../../lib/ui";
import { ROLES, roleLabel, UnitRef, useUnitNames } from "./org-common";
import "../../lib/org.css";
import type { User } from "./users-types";
import { CreateUser } from "./users-create";
import { EditUser } from "./users-edit";

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
          <p>
            {t(
              "Chỉ quản trị viên hệ thống được quản lý người dùng và phân quyền.",
              "Only administrators may manage users and roles.",
            )}
          </p>
          <p class="small">
            {t(
              "Nếu cần tạo tài khoản hoặc cấp quyền, hãy liên hệ quản trị viên.",
              "To get an account created or a role granted, contact an administrator.",
            )}
          </p>
        </div>
        <p>
          <a href={href("/")}>{t("Về trang chủ", "Go home")}</a>
        </p>
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
    {
      key: "unit",
      label: t("Đơn vị", "Unit"),
      value: (u) => (names[u.unit] ? pick(names[u.unit]) : u.unit),
      render: (u) => <UnitRef code={u.unit} names={names} />,
    },
    {
      key: "roles",
      label: t("Quyền", "Roles"),
      value: (u) => u.roles.map((r) => `${r.role}@${r.unit}`).join(" "),
      render: (u) => (
        <span class="row" style={{ gap: "0.25rem" }}>
          {u.roles.map((r) => (
            <span class="badge badge-role">
              {roleLabel(r.role)} · {r.unit}
            </span>
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
          {u.disabled ? (
            <span class="badge badge-off">{t("Đã khóa", "Disabled")}</span>
          ) : (
            <span class="badge badge-current">{t("Hoạt động", "Active")}</span>
          )}
          {u.mustChangePassword && (
            <>
              <br />
              <span class="small muted">{t("Phải đổi mật khẩu", "Must change password")}</span>
            </>
          )}
        </>
      ),
    },
    {
      key: "pw",
      label: t("Đổi mật khẩu lần cuối", "Password changed"),
      value: (u) => u.passwordChangedAt,
      render: (u) => fmtDateTime(u.passwordChangedAt),
    },
  ];

  return (
    <Page
      wide
      title={t("Người dùng và phân quyền", "Users and roles")}
      subtitle={t(
        "Mỗi quyền được cấp trên một đơn vị và áp dụng cho toàn bộ các đơn vị trực thuộc.",
        "Each role is granted on a unit and covers its whole subtree.",
      )}
      actions={
        !creating && (
          <button
            type="button"
            class="btn btn-primary"
            id="user-create-open"
            onClick={() => {
              setCreating(true);
              setMessage("");
            }}
          >
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
            setMessage(
              t(
                `Đã tạo tài khoản ${u.login}. Người dùng phải đổi mật khẩu khi đăng nhập lần đầu.`,
                `Created ${u.login}. The user must change the password at the first sign-in.`,
              ),
            );
            navigate("/users", { login: u.login });
          }}
        />
      )}
      {selected && list.data && !current && (
        <div class="alert alert-warn" role="alert">
          {t(`Không có người dùng ${selected} trong phạm vi của bạn.`, `No user ${selected} in your scope.`)}
        </div>
      )}
      {current && (
        <EditUser
          key={current.login}
          user={current}
          names={names}
          onChange={replace}
          onClose={() => replaceQuery({})}
        />
      )}
      <section class="card" aria-labelledby="users-list-h">
        <h2 id="users-list-h">{t("Danh sách người dùng", "Users")}</h2>
        <form class="org-filters" onSubmit={(e) => e.preventDefault()} aria-label={t("Lọc người dùng", "Filter users")}>
          <div class="field">
            <label for="users-filter">{t("Tìm theo tên, đăng nhập, đơn vị", "Find by name, login, unit")}</label>
            <input
              id="users-filter"
              type="search"
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
              autocomplete="off"
            />
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
