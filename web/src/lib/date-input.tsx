// A date typed and shown as day/month/year (15/06/2025) whatever the browser's language: the
// browser's own date input follows its locale (mm/dd/yyyy on an English browser), which no
// Vietnamese official expects. Accepts what the report cells accept (lib/values.ts): 15/06/2025,
// 5/6/2025, 15-06-2025, 15.06.2025 and 2025-06-15.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { fmtDate } from "./format";
import { t } from "./i18n";
import { isIsoDate, isoFromTyped } from "./values";

export { isIsoDate, isoFromTyped };

type InputAttributes = Omit<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  "value" | "onInput" | "onChange" | "type" | "min" | "max"
>;

/**
 * A text input for a date. `value` is an ISO date or "". `onValue` gets the ISO date when the text
 * is one, "" when it is empty, and the text itself otherwise (so that a form the server checks
 * sends what was typed and the server names the field). The input is marked invalid, with a
 * message for the browser's form check, while the text is not a date or is outside min..max.
 */
export function DateInput(
  props: InputAttributes & { value: string; onValue: (v: string) => void; min?: string; max?: string },
) {
  const { value, onValue, min, max, ...rest } = props;
  const shown = (v: string) => (isIsoDate(v) ? fmtDate(v) : v);
  const [text, setText] = useState(shown(value));
  useEffect(() => {
    // a value set from outside (a reset, "today", the address) replaces what is shown
    const current = text.trim() === "" ? "" : (isoFromTyped(text) ?? text);
    if (current !== value) setText(shown(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const problem = (raw: string): string => {
    if (raw.trim() === "") return "";
    const iso = isoFromTyped(raw);
    if (!iso)
      return t("Ngày viết dạng ngày/tháng/năm, ví dụ 15/06/2025", "Write the date as day/month/year, e.g. 15/06/2025");
    if (min && iso < min) return t(`Ngày phải từ ${fmtDate(min)} trở đi`, `The date must be ${fmtDate(min)} or later`);
    if (max && iso > max)
      return t(`Ngày phải đến ${fmtDate(max)} là muộn nhất`, `The date must be ${fmtDate(max)} or earlier`);
    return "";
  };
  const wrong = problem(text);
  return (
    <input
      {...rest}
      type="text"
      autocomplete="off"
      placeholder={rest.placeholder ?? "dd/mm/yyyy"}
      maxLength={16}
      value={text}
      aria-invalid={rest["aria-invalid"] || wrong !== "" || undefined}
      title={wrong || rest.title}
      ref={(el) => el?.setCustomValidity(wrong)}
      onInput={(e) => {
        const raw = e.currentTarget.value;
        setText(raw);
        e.currentTarget.setCustomValidity(problem(raw));
        onValue(raw.trim() === "" ? "" : (isoFromTyped(raw) ?? raw));
      }}
      onBlur={() => {
        const iso = isoFromTyped(text);
        if (iso) setText(fmtDate(iso)); // 5/6/2025 -> 05/06/2025
      }}
    />
  );
}
