// Language: Vietnamese by default, English by a switch that persists (localStorage).
// Texts live next to the code that shows them, as t("tiếng Việt", "English") pairs, so a
// screen carries both languages and nothing can be missing from a separate dictionary.

export type Lang = "vi" | "en";

const KEY = "tienbo.lang";
const listeners = new Set<() => void>();

function stored(): Lang {
  try {
    return localStorage.getItem(KEY) === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
}

let current: Lang = stored();
document.documentElement.lang = current;

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // private mode: the switch still works for this page
  }
  document.documentElement.lang = next;
  for (const f of listeners) f();
}

export function onLangChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** The text in the current language. Vietnamese must be NFC with its diacritics. */
export function t(vi: string, en: string): string {
  return current === "en" ? en : vi;
}

/** Picks nameVi / nameEn (or titleVi / titleEn, labelVi / labelEn…) from an API object. */
export function pick(o: { nameVi?: string | null; nameEn?: string | null } | null | undefined): string {
  if (!o) return "";
  const vi = o.nameVi ?? "";
  const en = o.nameEn ?? "";
  return current === "en" && en ? en : vi || en;
}

export function pickField<T extends object>(o: T, base: string): string {
  const r = o as Record<string, unknown>;
  const vi = typeof r[base + "Vi"] === "string" ? (r[base + "Vi"] as string) : "";
  const en = typeof r[base + "En"] === "string" ? (r[base + "En"] as string) : "";
  return current === "en" && en ? en : vi || en;
}
