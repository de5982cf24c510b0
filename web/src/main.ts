import "./style.css";

// All server-provided data is written with textContent; never innerHTML.

const HEALTH_URL = "/healthz";
const REFRESH_MS = 10_000;
const TIMEOUT_MS = 5_000;

type HealthState = "pending" | "ok" | "error";

/** Fields of GET /healthz that the page shows; everything else is ignored. */
interface HealthInfo {
  status?: string;
  database?: string;
  schemaVersion?: string;
  version?: string;
}

type HealthResult =
  | { ok: true; info: HealthInfo }
  | { ok: false; detail: string; info: HealthInfo };

const TEXT = {
  title: "tienbo — Hệ thống thông tin về bình đẳng giới và vì sự tiến bộ của phụ nữ",
  subtitle: "Information system for gender equality and the advancement of women",
  healthHeading: "Tình trạng máy chủ",
  healthHeadingEn: "Server status",
  pending: "Đang kiểm tra…",
  ok: "Máy chủ hoạt động bình thường",
  error: "Máy chủ gặp sự cố",
  database: "Cơ sở dữ liệu",
  databaseEn: "Database",
  schemaVersion: "Phiên bản lược đồ",
  schemaVersionEn: "Schema version",
  serverVersion: "Phiên bản máy chủ",
  serverVersionEn: "Server version",
  lastChecked: "Kiểm tra lần cuối",
  lastCheckedEn: "Last checked",
  refreshNote: "Tự động làm mới mỗi 10 giây.",
  networkError: "Lỗi kết nối",
  timeout: "Hết thời gian chờ",
  badResponse: "Phản hồi không hợp lệ",
  statusField: "trạng thái",
  unknown: "—",
} as const;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { text?: string; className?: string; id?: string; lang?: string } = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.text !== undefined) node.textContent = props.text;
  if (props.className) node.className = props.className;
  if (props.id) node.id = props.id;
  if (props.lang) node.lang = props.lang;
  for (const child of children) node.append(child);
  return node;
}

/** Accepts a string or number from untrusted JSON; anything else is "absent". */
function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

function parseHealth(body: unknown): HealthInfo {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return {};
  const o = body as Record<string, unknown>;
  return {
    status: scalar(o.status),
    database: scalar(o.database),
    schemaVersion: scalar(o.schemaVersion),
    version: scalar(o.version),
  };
}

async function fetchHealth(): Promise<HealthResult> {
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(HEALTH_URL, {
      headers: { Accept: "application/json" },
      cache: "no-store",
      signal: controller.signal,
    });
    let info: HealthInfo = {};
    let parsed = false;
    try {
      info = parseHealth(await res.json());
      parsed = true;
    } catch {
      // Body is not JSON; handled below.
    }
    if (res.status !== 200) {
      const statusText = res.statusText ? ` ${res.statusText}` : "";
      return { ok: false, detail: `HTTP ${res.status}${statusText}`, info };
    }
    if (!parsed) return { ok: false, detail: `${TEXT.badResponse} (HTTP 200)`, info };
    if (info.status !== undefined && info.status.toLowerCase() !== "ok") {
      return { ok: false, detail: `${TEXT.statusField}: ${info.status}`, info };
    }
    return { ok: true, info };
  } catch (err) {
    const detail = controller.signal.aborted
      ? `${TEXT.timeout} (${TIMEOUT_MS / 1000} s)`
      : `${TEXT.networkError}: ${err instanceof Error ? err.message : String(err)}`;
    return { ok: false, detail, info: {} };
  } finally {
    window.clearTimeout(timer);
  }
}

function label(vi: string, en: string): HTMLElement {
  return el("dt", {}, document.createTextNode(`${vi} `), el("span", { className: "en", lang: "en", text: en }));
}

function render(root: HTMLElement) {
  const status = el("p", { id: "health-status", className: "health-status", text: TEXT.pending });
  status.dataset.status = "pending" satisfies HealthState;
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  const detail = el("p", { id: "health-detail", className: "health-detail" });
  detail.hidden = true;

  const database = el("dd", { id: "health-database", text: TEXT.unknown });
  const schemaVersion = el("dd", { id: "health-schema-version", text: TEXT.unknown });
  const version = el("dd", { id: "health-version", text: TEXT.unknown });
  const checked = el("dd", { id: "health-checked", text: TEXT.unknown });

  const facts = el(
    "dl",
    { className: "facts" },
    label(TEXT.database, TEXT.databaseEn),
    database,
    label(TEXT.schemaVersion, TEXT.schemaVersionEn),
    schemaVersion,
    label(TEXT.serverVersion, TEXT.serverVersionEn),
    version,
    label(TEXT.lastChecked, TEXT.lastCheckedEn),
    checked,
  );

  const header = el(
    "header",
    { className: "page-header" },
    el("h1", { text: TEXT.title }),
    el("p", { className: "subtitle", lang: "en", text: TEXT.subtitle }),
  );

  const card = el(
    "section",
    { className: "card", id: "health" },
    el(
      "h2",
      {},
      document.createTextNode(`${TEXT.healthHeading} `),
      el("span", { className: "en", lang: "en", text: TEXT.healthHeadingEn }),
    ),
    status,
    detail,
    facts,
    el("p", { className: "note", text: TEXT.refreshNote }),
  );

  root.replaceChildren(header, card);

  return (result: HealthResult) => {
    const state: HealthState = result.ok ? "ok" : "error";
    status.dataset.status = state;
    status.textContent = result.ok ? TEXT.ok : TEXT.error;
    if (result.ok) {
      detail.textContent = "";
      detail.hidden = true;
    } else {
      detail.textContent = result.detail;
      detail.hidden = false;
    }
    database.textContent = result.info.database ?? TEXT.unknown;
    schemaVersion.textContent = result.info.schemaVersion ?? TEXT.unknown;
    version.textContent = result.info.version ?? TEXT.unknown;
    checked.textContent = new Date().toLocaleTimeString("vi-VN");
  };
}

function start() {
  const root = document.getElementById("app");
  if (!root) return;
  document.title = "tienbo";
  const update = render(root);

  let timer: number | undefined;
  let inFlight = false;

  const poll = async () => {
    if (inFlight) return;
    inFlight = true;
    window.clearTimeout(timer);
    try {
      update(await fetchHealth());
    } finally {
      inFlight = false;
      timer = window.setTimeout(poll, REFRESH_MS);
    }
  };

  // Check again as soon as a hidden tab becomes visible.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void poll();
  });

  void poll();
}

start();
