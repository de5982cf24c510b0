// Hash routing (#/reports/BC_BDG_NAM/00070/2026?tab=history): the server serves one
// index.html and needs no fallback rule; links survive a reload and can be shared.
import { useEffect, useState } from "preact/hooks";

export interface Route {
  path: string[];
  query: URLSearchParams;
  raw: string;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, "") || "/";
  const [p, q = ""] = raw.split("?", 2);
  const path = p
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s));
  return { path, query: new URLSearchParams(q), raw };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const f = () => setRoute(parseRoute(location.hash));
    window.addEventListener("hashchange", f);
    return () => window.removeEventListener("hashchange", f);
  }, []);
  return route;
}

/** "/reports/A/B/C" with optional query -> "#/reports/A/B/C?x=1". Segments are encoded. */
export function href(path: (string | number)[] | string, query?: Record<string, string | number | undefined>): string {
  const p = typeof path === "string" ? path : "/" + path.map((s) => encodeURIComponent(String(s))).join("/");
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== "") qs.set(k, String(v));
  const s = qs.toString();
  return "#" + p + (s ? "?" + s : "");
}

export function navigate(
  path: (string | number)[] | string,
  query?: Record<string, string | number | undefined>,
): void {
  location.hash = href(path, query);
}

/** Replaces the query of the current route without adding a history entry. */
export function replaceQuery(query: Record<string, string | number | undefined>): void {
  const r = parseRoute(location.hash);
  const target = href(r.path.length ? r.path : "/", query);
  history.replaceState(null, "", target);
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}
