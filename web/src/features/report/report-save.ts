// A report's entry state: the report as loaded, the user's pending edits, autosave 1.2 s after typing,
// saving on leaving, and what a refused save leaves (a version conflict, a lock by another report, the
// field a value was refused at).
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type Problem } from "../../lib/api";
import { t } from "../../lib/i18n";
import type { Conflict } from "./report-conflict";
import type { Lock } from "./report-locked";
import {
  checkComment,
  checkNarrative,
  checkValue,
  elementBounds,
  elementIndex,
  serverInputCells,
  serverNarratives,
  type Cell,
  type Report,
} from "./report-model";

export type SaveState = "saved" | "unsaved" | "saving" | "invalid" | "error" | "conflict";
const AUTOSAVE_MS = 1200;
const EMPTY: Cell = { value: "", comment: "" };

export function useReportEntry(form: string, unit: string, period: string) {
  const path = { form, unit, period };
  const [report, setReport] = useState<Report | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [edits, setEdits] = useState<Map<string, Cell>>(new Map());
  const [narrEdits, setNarrEdits] = useState<Map<string, string>>(new Map());
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const [saveError, setSaveError] = useState<unknown>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  // A save refused because another form's submitted/approved report holds a value (not a conflict).
  const [lock, setLock] = useState<Lock | null>(null);
  // The field a refused value (422 values[i]) belongs to, as "ELEMENT.OPTION".
  const [errorKey, setErrorKey] = useState<string | null>(null);

  // Refs mirror the state for the autosave timer and in-flight saves.
  const reportRef = useRef<Report | null>(null);
  const editsRef = useRef(edits);
  const narrRef = useRef(narrEdits);
  const saving = useRef<Promise<boolean> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  reportRef.current = report;
  editsRef.current = edits;
  narrRef.current = narrEdits;

  const load = async () => {
    setLoadError(null);
    try {
      const r = await call(api.GET("/api/v1/reports/{form}/{unit}/{period}", { params: { path } }));
      setReport(r);
      setEdits(new Map());
      setNarrEdits(new Map());
      setSaveState("saved");
      setLock(null);
      setErrorKey(null);
    } catch (err) {
      setLoadError(err);
    }
  };
  useEffect(() => {
    setReport(null);
    void load();
    // Leaving the report (another route or another report) saves what is pending, as autosave would.
    return () => {
      if (editsRef.current.size > 0 || narrRef.current.size > 0) void saveNow();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per report; load and saveNow read the current state through refs
  }, [form, unit, period]);

  // The server's values in their typed form ("1,25" for the stored "1.25"): what the inputs show and
  // what a cell edited from them sends, so a canonical server value is never sent back as such.
  const server = useMemo(() => (report ? serverInputCells(report) : new Map<string, Cell>()), [report]);
  const serverNarr = useMemo(() => (report ? serverNarratives(report) : new Map<string, string>()), [report]);
  const cell = (key: string): Cell => edits.get(key) ?? server.get(key) ?? EMPTY;
  const narrative = (code: string): string => narrEdits.get(code) ?? serverNarr.get(code) ?? "";

  // Unsaved changes survive neither a reload nor a route change without a warning.
  useEffect(() => {
    const dirty = edits.size > 0 || narrEdits.size > 0;
    const f = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault();
    };
    window.addEventListener("beforeunload", f);
    return () => window.removeEventListener("beforeunload", f);
  }, [edits, narrEdits]);

  /** Sends the valid pending edits; resolves true when everything pending is saved. */
  const saveNow = async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    if (saving.current) await saving.current;
    const r = reportRef.current;
    if (!r || !r.editable) return true;
    const pending = editsRef.current;
    const pendingNarr = narrRef.current;
    if (pending.size === 0 && pendingNarr.size === 0) {
      setSaveState("saved");
      setLock(null);
      return true;
    }
    const idx = elementIndex(r);
    const values: { element: string; option?: string; value: string; comment?: string }[] = [];
    const sent = new Map<string, Cell>();
    let invalid = 0;
    for (const [key, c] of pending) {
      const [code, option] = key.split(".");
      const found = idx.get(code);
      if (!found || checkValue(found.el.valueType, c.value, elementBounds(found.el)) || checkComment(c.comment)) {
        invalid++;
        continue;
      }
      // Sent as typed ("1.250", "12,5"): the server reads it by the same rules.
      values.push({
        element: code,
        ...(found.el.disaggregated ? { option } : {}),
        value: c.value.trim(),
        comment: c.comment,
      });
      sent.set(key, c);
    }
    const narratives: Record<string, string> = {};
    const sentNarr = new Map<string, string>();
    for (const [code, text] of pendingNarr) {
      if (checkNarrative(text)) {
        invalid++;
        continue;
      }
      narratives[code] = text;
      sentNarr.set(code, text);
    }
    if (values.length === 0 && sentNarr.size === 0) {
      setSaveState("invalid");
      return false;
    }
    const sentKeys = [...sent.keys()]; // in the order of `values`, for a 422 naming values[i]
    setSaveState("saving");
    const job = (async () => {
      try {
        const next = await call(
          api.PUT("/api/v1/reports/{form}/{unit}/{period}", {
            params: { path },
            body: { version: r.version, values, narratives },
          }),
        );
        setReport(next);
        reportRef.current = next;
        // Keep only edits made while the save was in flight.
        const restEdits = new Map(editsRef.current);
        for (const [k, c] of sent) if (restEdits.get(k) === c) restEdits.delete(k);
        const restNarr = new Map(narrRef.current);
        for (const [k, s] of sentNarr) if (restNarr.get(k) === s) restNarr.delete(k);
        editsRef.current = restEdits;
        narrRef.current = restNarr;
        setEdits(restEdits);
        setNarrEdits(restNarr);
        setSaveError(null);
        setLock(null);
        setErrorKey(null);
        setSavedAt(new Date());
        const done = restEdits.size === 0 && restNarr.size === 0;
        setSaveState(done ? "saved" : invalid ? "invalid" : "unsaved");
        return done && invalid === 0;
      } catch (err) {
        const problem: Problem | null = err instanceof ApiError ? err.problem : null;
        if (err instanceof ApiError && err.status === 409 && problem?.reason === "locked_by_other_report") {
          // Not a version conflict: nobody else saved this report. The typed values stay in the
          // inputs, unsaved, and the alert says which report holds them.
          setLock({ problem: problem, forms: problem.lockedBy ?? [] });
          setSaveError(null);
          setErrorKey(null);
          setSaveState("unsaved");
        } else if (
          err instanceof ApiError &&
          err.status === 409 &&
          problem?.current &&
          (problem.reason === "stale_version" || (problem.reason === undefined && problem.field === "version"))
        ) {
          setLock(null);
          setConflict({
            current: problem.current,
            mine: new Map(editsRef.current),
            mineNarr: new Map(narrRef.current),
          });
          setSaveState("conflict");
        } else {
          // A value the server refused (422, field values[i]): name the field it belongs to.
          const m =
            err instanceof ApiError && err.status === 422 ? /^values\[(\d+)\]/.exec(problem?.field ?? "") : null;
          setErrorKey(m ? (sentKeys[Number(m[1])] ?? null) : null);
          setSaveError(err);
          setSaveState("error");
        }
        return false;
      }
    })();
    saving.current = job;
    try {
      return await job;
    } finally {
      saving.current = null;
    }
  };

  const schedule = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void saveNow(), AUTOSAVE_MS);
  };
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const setCell = (key: string, c: Cell) => {
    const next = new Map(editsRef.current);
    const s = server.get(key) ?? EMPTY;
    if (s.value === c.value && s.comment === c.comment) next.delete(key);
    else next.set(key, c);
    editsRef.current = next;
    setEdits(next);
    setSaveState("unsaved");
    schedule();
  };
  const setNarrative = (code: string, text: string) => {
    const next = new Map(narrRef.current);
    if ((serverNarr.get(code) ?? "") === text) next.delete(code);
    else next.set(code, text);
    narrRef.current = next;
    setNarrEdits(next);
    setSaveState("unsaved");
    schedule();
  };

  /** The user's choice after a conflict: the server's report with the changes kept, saved at once. */
  const resolveConflict = (current: Report, keep: Map<string, Cell>, keepNarr: Map<string, string>) => {
    setReport(current);
    reportRef.current = current;
    editsRef.current = keep;
    narrRef.current = keepNarr;
    setEdits(keep);
    setNarrEdits(keepNarr);
    setConflict(null);
    setSaveState(keep.size || keepNarr.size ? "unsaved" : "saved");
    if (keep.size || keepNarr.size) void saveNow();
  };
  /** Drops the pending changes another report locks, and saves the rest. */
  const discard = (keys: Iterable<string>) => {
    const next = new Map(editsRef.current);
    for (const k of keys) next.delete(k);
    editsRef.current = next;
    setEdits(next);
    void saveNow();
  };

  return {
    report,
    setReport,
    reportRef,
    loadError,
    edits,
    narrEdits,
    saveState,
    saveError,
    savedAt,
    conflict,
    lock,
    errorKey,
    cell,
    narrative,
    saveNow,
    setCell,
    setNarrative,
    resolveConflict,
    discard,
  };
}

/** The save state as the action bar shows it. */
export function saveStateText(state: SaveState, savedAt: Date | null, unsavedCount: number): string {
  const text: Record<SaveState, string> = {
    saved: savedAt
      ? t(`Đã lưu lúc ${savedAt.toLocaleTimeString("vi-VN")}`, `Saved at ${savedAt.toLocaleTimeString("en-GB")}`)
      : t("Đã lưu", "Saved"),
    unsaved: t(`Chưa lưu (${unsavedCount} thay đổi)`, `Unsaved (${unsavedCount} change(s))`),
    saving: t("Đang lưu…", "Saving…"),
    invalid: t("Có ô chưa hợp lệ — chưa lưu các ô đó", "Some fields are invalid — those are not saved"),
    error: t("Lưu không thành công", "Saving failed"),
    conflict: t("Xung đột: người khác vừa lưu", "Conflict: someone else saved"),
  };
  return text[state];
}
