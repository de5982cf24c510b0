// The typed API client: openapi-fetch over the types that openapi-typescript generates from
// docs/openapi.yaml at every build (src/api/schema.gen.ts, not committed). A path, parameter
// or field that the spec does not have is a type error, so the screens cannot drift from it.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "../api/schema.gen";

export type Schemas = components["schemas"];
/** A problem as the server sends it, and the Retry-After header when there is one (sign-in throttling). */
export type Problem = Schemas["Problem"] & { retryAfter?: number };

let csrfToken = "";
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

type ExpiredListener = () => void;
const expiredListeners = new Set<ExpiredListener>();
/** Called when a signed-in request answers 401: the session expired or was ended elsewhere. */
export function onSessionExpired(f: ExpiredListener): () => void {
  expiredListeners.add(f);
  return () => expiredListeners.delete(f);
}

const middleware: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET" && request.method !== "HEAD" && csrfToken)
      request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.endsWith("/api/v1/session")) {
      for (const f of expiredListeners) f();
    }
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin, credentials: "same-origin" });
api.use(middleware);

/** A failed request, with the server's problem (Vietnamese and English) when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem) {
    super(problem.detailEn || problem.detail);
    this.status = status;
    this.problem = problem;
  }
}

function networkProblem(err: unknown): Problem {
  const msg = err instanceof Error ? err.message : String(err);
  return {
    type: "about:blank",
    title: "Lỗi kết nối",
    titleEn: "Network error",
    status: 0,
    detail: `không kết nối được máy chủ (${msg}); kiểm tra mạng rồi thử lại`,
    detailEn: `cannot reach the server (${msg}); check the network and try again`,
    code: "NETWORK",
    instance: "",
    requestId: "",
  };
}

function asProblem(status: number, body: unknown, response?: Response): Problem {
  if (body && typeof body === "object" && "detail" in body) {
    const p = body as Problem;
    const ra = response?.headers.get("Retry-After");
    if (ra && /^\d+$/.test(ra)) p.retryAfter = Number(ra);
    return p;
  }
  return {
    type: "about:blank",
    title: "Lỗi",
    titleEn: "Error",
    status,
    detail: `máy chủ trả lời HTTP ${status}`,
    detailEn: `the server answered HTTP ${status}`,
    code: `HTTP${status}`,
    instance: "",
    requestId: "",
  };
}

/** Awaits an openapi-fetch call; returns its data or throws ApiError. */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await p;
  } catch (err) {
    throw new ApiError(0, networkProblem(err));
  }
  if (r.error !== undefined || !r.response.ok)
    throw new ApiError(r.response.status, asProblem(r.response.status, r.error, r.response));
  return r.data as T;
}

/** For endpoints that answer files or non-JSON (CSV, evidence upload): a plain fetch with the CSRF header. */
export async function rawFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.method && init.method !== "GET" && csrfToken) headers.set("X-CSRF-Token", csrfToken);
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers, credentials: "same-origin" });
  } catch (err) {
    throw new ApiError(0, networkProblem(err));
  }
  if (!res.ok) {
    let body: unknown = undefined;
    try {
      body = await res.json();
    } catch {
      // not JSON
    }
    if (res.status === 401) for (const f of expiredListeners) f();
    throw new ApiError(res.status, asProblem(res.status, body, res));
  }
  return res;
}
