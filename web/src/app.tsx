// The application shell: session state (signed out, password change required, signed in),
// the header with navigation, search and the language switch, and the route table.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, call, onSessionExpired, setCsrfToken } from "./lib/api";
import { clearSessionCaches } from "./lib/session-cache";
import { lang, onLangChange, setLang, t } from "./lib/i18n";
import { href, navigate, useRoute, type Route } from "./lib/router";
import { can, SessionContext, type Me, type SessionValue } from "./lib/session";
import { Lazy, Loading, Page } from "./lib/ui";
import { ChangePassword, SignIn } from "./features/signin/signin";
import { Home } from "./features/home/home";
import { ReportScreen } from "./features/report/report";

type State =
  { kind: "loading" } | { kind: "signedOut"; reason?: "expired" | "signedOut" } | { kind: "signedIn"; me: Me };

export function App() {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [, setLangTick] = useState(0);
  useEffect(() => onLangChange(() => setLangTick((x) => x + 1)), []);

  const loadMe = async () => {
    try {
      const me = await call(api.GET("/api/v1/me"));
      setCsrfToken(me.csrfToken);
      setState({ kind: "signedIn", me });
    } catch {
      setState((s) => (s.kind === "signedIn" ? { kind: "signedOut", reason: "expired" } : { kind: "signedOut" }));
    }
  };
  useEffect(() => {
    void loadMe();
  }, []);
  useEffect(
    () =>
      onSessionExpired(() => {
        clearSessionCaches();
        setState((s) => (s.kind === "signedIn" ? { kind: "signedOut", reason: "expired" } : s));
      }),
    [],
  );

  if (state.kind === "loading")
    return (
      <main id="main">
        <Loading />
      </main>
    );
  if (state.kind === "signedOut") {
    return (
      <>
        <TopBar />
        <main id="main">
          <SignIn
            reason={state.reason}
            onSignedIn={(csrfToken) => {
              clearSessionCaches();
              setCsrfToken(csrfToken);
              void loadMe(); // the user as the server sees it now, with what the grants open
            }}
          />
        </main>
      </>
    );
  }
  const session: SessionValue = {
    me: state.me,
    refresh: loadMe,
    signOut: async () => {
      try {
        await call(api.DELETE("/api/v1/session"));
      } finally {
        clearSessionCaches();
        setCsrfToken("");
        setState({ kind: "signedOut", reason: "signedOut" });
        navigate("/");
      }
    },
  };
  return (
    <SessionContext.Provider value={session}>
      <TopBar me={state.me} onSignOut={session.signOut} />
      <main id="main">{state.me.mustChangePassword ? <ChangePassword forced onDone={loadMe} /> : <Routes />}</main>
    </SessionContext.Provider>
  );
}

function LangSwitch() {
  const other = lang() === "vi" ? "en" : "vi";
  return (
    <button
      type="button"
      class="btn btn-ghost lang-switch"
      id="lang-switch"
      lang={other}
      aria-label={other === "en" ? "Switch to English" : "Chuyển sang tiếng Việt"}
      onClick={() => setLang(other)}
    >
      {other === "en" ? "English" : "Tiếng Việt"}
    </button>
  );
}

interface NavItem {
  path: string;
  vi: string;
  en: string;
  show?: (me: Me) => boolean;
}

const NAV: NavItem[] = [
  { path: "/", vi: "Trang chủ", en: "Home" },
  { path: "/reports", vi: "Báo cáo", en: "Reports" },
  { path: "/dashboard", vi: "Chỉ tiêu", en: "Targets" },
  { path: "/completeness", vi: "Tiến độ nộp", en: "Completeness" },
  // only those who may change them (others can still read the page, but would get 403 on saving)
  { path: "/deadlines", vi: "Hạn nộp báo cáo", en: "Deadlines", show: (me) => can(me, "deadlines.edit") },
  { path: "/units", vi: "Tổ chức", en: "Organisation" },
  { path: "/committees", vi: "Ban VSTBPN", en: "Committees" },
  { path: "/users", vi: "Người dùng", en: "Users", show: (me) => can(me, "users.manage") },
  { path: "/audit", vi: "Nhật ký", en: "Audit trail", show: (me) => can(me, "audit.read") },
];

function TopBar(props: { me?: Me; onSignOut?: () => void }) {
  const route = useRoute();
  const [menuOpen, setMenuOpen] = useState(false);
  const current = "/" + (route.path[0] ?? "");
  const [q, setQ] = useState(route.path[0] === "search" ? (route.query.get("q") ?? "") : "");
  useEffect(() => setMenuOpen(false), [route.raw]);
  return (
    <header class="topbar">
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById("page-title")?.focus();
        }}
      >
        {t("Chuyển đến nội dung chính", "Skip to main content")}
      </a>
      <div class="topbar-row">
        <a class="brand" href={href("/")}>
          <span class="brand-name">tienbo</span>
          <span class="brand-sub">
            {t("Bình đẳng giới · Vì sự tiến bộ của phụ nữ", "Gender equality · Advancement of women")}
          </span>
        </a>
        {props.me && (
          <button
            type="button"
            class="btn btn-ghost menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            {t("Danh mục", "Menu")}
          </button>
        )}
        <div class="topbar-right">
          <LangSwitch />
        </div>
      </div>
      {props.me && (
        <div class={menuOpen ? "topbar-nav open" : "topbar-nav"}>
          <nav id="nav" aria-label={t("Điều hướng chính", "Main navigation")}>
            <ul>
              {NAV.filter((n) => !n.show || n.show(props.me!)).map((n) => (
                <li>
                  <a
                    href={href(n.path)}
                    aria-current={current === n.path || (n.path === "/" && current === "/") ? "page" : undefined}
                  >
                    {t(n.vi, n.en)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <form
            class="search-box"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              if (q.trim()) navigate("/search", { q: q.trim() });
            }}
          >
            <label for="global-search" class="sr-only">
              {t("Tìm kiếm", "Search")}
            </label>
            <input
              id="global-search"
              type="search"
              value={q}
              placeholder={t("Tìm đơn vị, báo cáo…", "Find units, reports…")}
              title={t(
                "Tìm theo tên hoặc mã đơn vị, và trong nội dung các báo cáo",
                "By unit name or code, and in the text of reports",
              )}
              onInput={(e) => setQ(e.currentTarget.value)}
            />
            <button type="submit" class="btn btn-small">
              {t("Tìm", "Search")}
            </button>
          </form>
          <div class="user-box">
            <span class="user-name" title={props.me.login}>
              {props.me.displayName || props.me.login}
            </span>
            <a href={href("/password")} class="btn btn-ghost btn-small">
              {t("Đổi mật khẩu", "Change password")}
            </a>
            <button type="button" class="btn btn-ghost btn-small" id="sign-out" onClick={props.onSignOut}>
              {t("Đăng xuất", "Sign out")}
            </button>
          </div>
        </div>
      )}
    </header>
  );
}

const loadDashboard = () => import("./features/dashboard/dashboard");
const loadCompleteness = () => import("./features/completeness/completeness");
const loadConsolidation = () => import("./features/consolidation/consolidation");
const loadDeadlines = () => import("./features/deadlines/deadlines");
const loadUnits = () => import("./features/org/units");
const loadCommittees = () => import("./features/org/committees");
const loadUsers = () => import("./features/org/users");
const loadAudit = () => import("./features/audit/audit");
const loadSearch = () => import("./features/search/search");
const loadStatus = () => import("./features/status/status");
const loadReports = () => import("./features/reports/reports");

function Routes(): JSX.Element {
  const route = useRoute();
  return <>{screenFor(route)}</>;
}

function screenFor(route: Route): JSX.Element {
  const [head, ...rest] = route.path;
  const q = route.query;
  switch (head) {
    case undefined:
      return <Home />;
    case "reports":
      if (rest.length === 4 && rest[3] === "consolidate")
        return <Lazy load={loadConsolidation} props={{ form: rest[0], unit: rest[1], period: rest[2] }} />;
      if (rest.length === 3)
        return <ReportScreen form={rest[0]} unit={rest[1]} period={rest[2]} tab={q.get("tab") ?? undefined} />;
      if (rest.length === 0) return <Lazy load={loadReports} props={{ route }} />;
      break;
    case "dashboard":
      return <Lazy load={loadDashboard} props={{ route }} />;
    case "completeness":
      return <Lazy load={loadCompleteness} props={{ route }} />;
    case "deadlines":
      return <Lazy load={loadDeadlines} props={{ route }} />;
    case "units":
      return <Lazy load={loadUnits} props={{ route }} />;
    case "committees":
      return <Lazy load={loadCommittees} props={{ route }} />;
    case "users":
      return <Lazy load={loadUsers} props={{ route }} />;
    case "audit":
      return <Lazy load={loadAudit} props={{ route }} />;
    case "search":
      return <Lazy load={loadSearch} props={{ route }} />;
    case "status":
      return <Lazy load={loadStatus} props={{ route }} />;
    case "password":
      return <ChangePassword />;
  }
  return (
    <Page title={t("Không tìm thấy trang", "Page not found")}>
      <p>
        {t("Địa chỉ này không có trong tienbo.", "This address is not part of tienbo.")}{" "}
        <a href={href("/")}>{t("Về trang chủ", "Go home")}</a>
      </p>
    </Page>
  );
}
