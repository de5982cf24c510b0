// Sign-in and password change (also the forced change after an administrator's reset).
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, call } from "../../lib/api";
import { t } from "../../lib/i18n";
import { navigate } from "../../lib/router";
import { useSession } from "../../lib/session";
import { ErrorBox, Notice, Page } from "../../lib/ui";

export function SignIn(props: { reason?: "expired" | "signedOut"; onSignedIn: (csrfToken: string) => void }) {
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(Date.now());
  const loginRef = useRef<HTMLInputElement>(null);
  useEffect(() => loginRef.current?.focus(), []);
  useEffect(() => {
    if (waitUntil <= now) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [waitUntil, now]);
  const waiting = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await call(api.POST("/api/v1/session", { body: { login: login.trim(), password } }));
      props.onSignedIn(created.csrfToken);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.status === 429 && err.problem.retryAfter) {
        setWaitUntil(Date.now() + err.problem.retryAfter * 1000);
        setNow(Date.now());
      }
      setPassword("");
    } finally {
      setBusy(false);
    }
  };
  const field = error instanceof ApiError ? error.problem.field : undefined;
  return (
    <Page
      title={t("Đăng nhập", "Sign in")}
      subtitle={t(
        "Hệ thống thông tin về bình đẳng giới và vì sự tiến bộ của phụ nữ",
        "Information system for gender equality and the advancement of women",
      )}
    >
      <div class="card narrow">
        {props.reason === "expired" && (
          <Notice kind="warn">
            {t(
              "Phiên làm việc đã hết hạn hoặc đã kết thúc. Hãy đăng nhập lại; dữ liệu chưa lưu trên trang trước có thể cần nhập lại.",
              "Your session has expired or was ended. Please sign in again; unsaved changes on the previous page may need to be entered again.",
            )}
          </Notice>
        )}
        {props.reason === "signedOut" && <Notice kind="ok">{t("Bạn đã đăng xuất.", "You have signed out.")}</Notice>}
        <form onSubmit={submit} class="form" noValidate>
          <div class="field">
            <label for="login">{t("Tên đăng nhập", "Login")}</label>
            <input
              id="login"
              name="login"
              ref={loginRef}
              autocomplete="username"
              required
              value={login}
              aria-invalid={field === "login"}
              aria-describedby={error ? "signin-error" : undefined}
              onInput={(e) => setLogin(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="password">{t("Mật khẩu", "Password")}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              value={password}
              aria-invalid={field === "password"}
              aria-describedby={error ? "signin-error" : undefined}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </div>
          <ErrorBox error={error} id="signin-error" />
          {waiting > 0 && (
            <p class="muted" role="status">
              {t(`Có thể thử lại sau ${waiting} giây.`, `You can try again in ${waiting} s.`)}
            </p>
          )}
          <button type="submit" class="btn btn-primary" disabled={busy || waiting > 0 || !login.trim() || !password}>
            {busy ? t("Đang đăng nhập…", "Signing in…") : t("Đăng nhập", "Sign in")}
          </button>
        </form>
      </div>
    </Page>
  );
}

export function ChangePassword(props: { forced?: boolean; onDone?: () => void }) {
  const { me } = useSession();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [policy, setPolicy] = useState<{ valid: boolean; message?: string; messageEn?: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!next) {
      setPolicy(null);
      return;
    }
    const id = setTimeout(() => {
      call(api.POST("/api/v1/password-policy/check", { body: { password: next, login: me.login } })).then(
        setPolicy,
        () => setPolicy(null),
      );
    }, 250);
    return () => clearTimeout(id);
  }, [next, me.login]);

  const mismatch = again !== "" && again !== next;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await call(api.PUT("/api/v1/me/password", { body: { currentPassword: current, newPassword: next } }));
      setDone(true);
      setCurrent("");
      setNext("");
      setAgain("");
      props.onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={t("Đổi mật khẩu", "Change password")}>
      <div class="card narrow">
        {props.forced && (
          <Notice kind="warn">
            {t("Bạn cần đặt mật khẩu mới trước khi tiếp tục.", "You must set a new password before going on.")}
          </Notice>
        )}
        {done && (
          <Notice kind="ok">
            {t(
              "Đã đổi mật khẩu. Các phiên khác của bạn đã được đăng xuất.",
              "Password changed. Your other sessions were signed out.",
            )}
          </Notice>
        )}
        <form class="form" onSubmit={submit} noValidate>
          <div class="field">
            <label for="pw-current">{t("Mật khẩu hiện tại", "Current password")}</label>
            <input
              id="pw-current"
              type="password"
              autocomplete="current-password"
              value={current}
              onInput={(e) => setCurrent(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="pw-new">{t("Mật khẩu mới", "New password")}</label>
            <input
              id="pw-new"
              type="password"
              autocomplete="new-password"
              value={next}
              aria-describedby="pw-policy"
              aria-invalid={policy ? !policy.valid : undefined}
              onInput={(e) => setNext(e.currentTarget.value)}
            />
            <p id="pw-policy" class={policy && !policy.valid ? "field-error" : "hint"} aria-live="polite">
              {policy && !policy.valid
                ? t(policy.message ?? "", policy.messageEn ?? policy.message ?? "")
                : policy?.valid
                  ? t("Mật khẩu đạt yêu cầu.", "The password meets the policy.")
                  : t(
                      "10–128 ký tự, có cả chữ và số, không chứa tên đăng nhập.",
                      "10–128 characters, letters and digits, not containing the login.",
                    )}
            </p>
          </div>
          <div class="field">
            <label for="pw-again">{t("Nhập lại mật khẩu mới", "New password again")}</label>
            <input
              id="pw-again"
              type="password"
              autocomplete="new-password"
              value={again}
              aria-invalid={mismatch}
              aria-describedby="pw-again-msg"
              onInput={(e) => setAgain(e.currentTarget.value)}
            />
            <p id="pw-again-msg" class="field-error" aria-live="polite">
              {mismatch ? t("Hai mật khẩu mới không khớp.", "The two new passwords differ.") : ""}
            </p>
          </div>
          <ErrorBox error={error} />
          <div class="row">
            <button
              type="submit"
              class="btn btn-primary"
              disabled={busy || !current || !next || mismatch || policy?.valid === false}
            >
              {t("Đổi mật khẩu", "Change password")}
            </button>
            {!props.forced && (
              <button type="button" class="btn" onClick={() => navigate("/")}>
                {t("Quay lại", "Back")}
              </button>
            )}
          </div>
        </form>
      </div>
    </Page>
  );
}
