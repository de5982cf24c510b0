// Choosing a unit by its name (issue #13): a text box that suggests, as one types, the units of
// the user's scope whose names match (the server's search, diacritics optional: "hoan kiem"), and
// gives the chosen unit's code to the form. A code typed whole is taken as it is. Keyboard: ↓/↑
// move, Enter chooses, Esc closes (the WAI-ARIA combobox pattern).
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, call } from "./api";
import { fold } from "./format";
import { t } from "./i18n";

interface Hit {
  code: string;
  title: string;
}

const REFORM_DAY = "2025-07-01";

/** Units whose names match `text` (current units only), at most 8. */
async function suggest(text: string): Promise<Hit[]> {
  const r = await call(api.GET("/api/v1/search", { params: { query: { q: text, limit: 12 } } }));
  return r.units
    .filter((u) => (u.ref.split("@")[1] ?? "") >= REFORM_DAY || !u.ref.includes("@"))
    .slice(0, 8)
    .map((u) => ({ code: u.code, title: u.title }));
}

export function UnitPicker(props: {
  id: string;
  value: string;
  onChoose: (code: string) => void;
  /** Called with the box's text as one types (a form that submits what was typed). */
  onText?: (text: string) => void;
  /** The chosen unit's name, shown under the box (the caller reads it). */
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
  placeholder?: string;
}): JSX.Element {
  const [text, setText] = useState(props.value);
  const [hits, setHits] = useState<Hit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [chosen, setChosen] = useState<Hit | null>(null);
  useEffect(() => setText(props.value), [props.value]);
  useEffect(() => {
    const q = text.trim();
    if (fold(q).replace(/[^\p{L}\p{N}]+/gu, "").length < 2 || q === props.value) {
      setHits([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      suggest(q).then(
        (h) => {
          if (live) {
            setHits(h);
            setActive(-1);
            setOpen(true);
          }
        },
        () => live && setHits([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, props.value]);
  const choose = (hit: Hit) => {
    setOpen(false);
    setHits([]);
    setText(hit.code);
    setChosen(hit);
    props.onText?.(hit.code);
    props.onChoose(hit.code);
  };
  const listId = `${props.id}-list`;
  const shown = open && hits.length > 0;
  return (
    <div class="unit-picker">
      <input
        id={props.id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid ? "true" : undefined}
        required={props.required}
        autocomplete="off"
        spellcheck={false}
        placeholder={props.placeholder ?? t("Gõ tên hoặc mã đơn vị…", "Type a unit's name or code…")}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          props.onText?.(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && hits.length) {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === "ArrowUp" && hits.length) {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Escape") setOpen(false);
          else if (e.key === "Enter" && shown && active >= 0) {
            e.preventDefault();
            choose(hits[active]);
          }
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          // a code typed whole (no suggestion chosen): taken as it is
          const v = e.currentTarget.value.trim();
          if (v && v !== props.value && /^[\p{Lu}\p{N}-]+$/u.test(v)) props.onChoose(v);
        }}
      />
      {chosen && chosen.code === text && !shown && <span class="hint unit-picker-chosen">{chosen.title}</span>}
      {shown && (
        <ul id={listId} role="listbox" class="unit-picker-list" aria-label={t("Đơn vị gợi ý", "Suggested units")}>
          {hits.map((h, i) => (
            <li
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? "active" : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(h);
              }}
            >
              {h.title} <span class="muted small">({h.code})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
