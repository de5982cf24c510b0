// The committees of a unit and of the units directly under it (looked for in batches, at once when there
// are few), with a unit picker and a shortcut to each unit of the user's grants.
import { useEffect, useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtDate } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { href, navigate } from "../../lib/router";
import { useSession } from "../../lib/session";
import { ErrorBox, Loading, Page, useAsync } from "../../lib/ui";
import { Field, UnitRef, useUnitNames, type Unit } from "./org-common";
import { UnitPicker } from "../../lib/unit-picker";
import type { Committee } from "./committee-types";

const AUTO_SCAN = 40;

async function inBatches<T, R>(
  items: T[],
  size: number,
  f: (x: T) => Promise<R>,
  each: (done: number) => void,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
      each(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

export function CommitteeList(props: { unit: string }) {
  const { me } = useSession();
  const unit = props.unit || me.unit;
  const [input, setInput] = useState(unit);
  useEffect(() => setInput(unit), [unit]);
  const own = useAsync(() => call(api.GET("/api/v1/committees", { params: { query: { unit } } })), [unit]);
  const self = useAsync(() => call(api.GET("/api/v1/units/{code}", { params: { path: { code: unit } } })), [unit]);
  const children = useAsync(
    () =>
      call(api.GET("/api/v1/units", { params: { query: { parent: unit } } })).then(
        (r) => r.units.filter((u) => u.type !== "agency"),
        () => [] as Unit[],
      ),
    [unit],
  );
  const [scan, setScan] = useState<{
    done: number;
    total: number;
    found: { unit: Unit; committees: Committee[] }[];
  } | null>(null);
  const runScan = async (units: Unit[]) => {
    setScan({ done: 0, total: units.length, found: [] });
    const res = await inBatches(
      units,
      6,
      (u) =>
        call(api.GET("/api/v1/committees", { params: { query: { unit: u.code } } })).then(
          (r) => ({ unit: u, committees: r.committees }),
          () => ({ unit: u, committees: [] as Committee[] }),
        ),
      (done) => setScan((s) => (s ? { ...s, done } : s)),
    );
    setScan({ done: units.length, total: units.length, found: res.filter((r) => r.committees.length > 0) });
  };
  useEffect(() => {
    setScan(null);
    const c = children.data;
    if (c && c.length > 0 && c.length <= AUTO_SCAN) void runScan(c);
  }, [children.data]);

  const grantUnits = [...new Set(me.roles.map((r) => r.unit))];
  const names = useUnitNames(grantUnits);
  const unitName = self.data ? pick(self.data) : unit;

  return (
    <Page
      title={t("Ban Vì sự tiến bộ của phụ nữ", "Committees for the Advancement of Women")}
      subtitle={t(
        `Các Ban của ${unitName} và các đơn vị trực thuộc`,
        `Committees of ${unitName} and the units directly under it`,
      )}
    >
      <form
        class="card org-filters"
        aria-label={t("Chọn đơn vị", "Choose a unit")}
        onSubmit={(e) => {
          e.preventDefault();
          if (input.trim()) navigate("/committees", { unit: input.trim() });
        }}
      >
        <Field
          id="committee-unit"
          label={t("Đơn vị", "Unit")}
          error={own.error}
          names={["unit"]}
          hint={t("Gõ tên hoặc mã, ví dụ “Hoàn Kiếm” hoặc 00070", "Type a name or a code, e.g. “Hoàn Kiếm” or 00070")}
        >
          {(a) => (
            <UnitPicker
              id={a.id}
              describedBy={a["aria-describedby"]}
              invalid={a["aria-invalid"]}
              value={input}
              onText={setInput}
              onChoose={(code) => {
                setInput(code);
                navigate("/committees", { unit: code });
              }}
            />
          )}
        </Field>
        <div class="org-actions">
          <button type="submit" class="btn btn-primary">
            {t("Xem", "Show")}
          </button>
          {grantUnits
            .filter((g) => g !== unit)
            .map((g) => (
              <a class="btn" href={href("/committees", { unit: g })}>
                {names[g] ? pick(names[g]) : g}
              </a>
            ))}
        </div>
      </form>
      <section class="card" aria-labelledby="committees-own-h" id="committee-list">
        <h2 id="committees-own-h">{t(`Ban của ${unitName}`, `Committees of ${unitName}`)}</h2>
        {own.loading && <Loading />}
        <ErrorBox error={own.error} />
        {own.data && own.data.committees.length === 0 && (
          <p class="muted">{t("Đơn vị này chưa có Ban.", "This unit has no committee.")}</p>
        )}
        {own.data && own.data.committees.length > 0 && <CommitteeItems committees={own.data.committees} />}
      </section>
      {children.data && children.data.length > 0 && (
        <section class="card" aria-labelledby="committees-below-h">
          <h2 id="committees-below-h">{t("Ban của các đơn vị trực thuộc", "Committees of the units below")}</h2>
          {!scan && (
            <p>
              <button type="button" class="btn" onClick={() => void runScan(children.data!)}>
                {t(
                  `Tìm trong ${children.data.length} đơn vị trực thuộc`,
                  `Look in the ${children.data.length} units below`,
                )}
              </button>
            </p>
          )}
          {scan && scan.done < scan.total && (
            <p class="loading" role="status">
              {t(`Đang tìm… ${scan.done}/${scan.total} đơn vị`, `Looking… ${scan.done}/${scan.total} units`)}
            </p>
          )}
          {scan && scan.done === scan.total && scan.found.length === 0 && (
            <p class="muted">
              {t(
                `Không đơn vị nào trong ${scan.total} đơn vị trực thuộc có Ban.`,
                `None of the ${scan.total} units below has a committee.`,
              )}
            </p>
          )}
          {scan && scan.found.length > 0 && (
            <CommitteeItems
              committees={scan.found.flatMap((f) => f.committees)}
              units={Object.fromEntries(scan.found.map((f) => [f.unit.code, f.unit]))}
            />
          )}
        </section>
      )}
    </Page>
  );
}

function CommitteeItems(props: { committees: Committee[]; units?: Record<string, Unit> }) {
  const names = useUnitNames(props.committees.flatMap((c) => [c.unit, c.standingAgency]));
  const all = { ...names, ...(props.units ?? {}) };
  return (
    <ul class="org-committee-list">
      {props.committees.map((c) => (
        <li key={c.id}>
          <a href={href(["committees", c.id])} class="org-result-title">
            {pick(c)}
          </a>{" "}
          {c.dissolvedOn ? (
            <span class="badge badge-off">
              {t(`Đã giải thể ${fmtDate(c.dissolvedOn)}`, `Dissolved ${fmtDate(c.dissolvedOn)}`)}
            </span>
          ) : (
            <span class="badge badge-current">{t("Đang hoạt động", "Active")}</span>
          )}
          <div class="muted small">
            {t("Đơn vị", "Unit")}: <UnitRef code={c.unit} names={all} /> · {t("Cơ quan thường trực", "Standing agency")}
            : <UnitRef code={c.standingAgency} names={all} />
            {" · "}
            {t("Thành lập", "Established")} {fmtDate(c.establishedOn)}
            {c.decisionNumber ? ` · ${t("QĐ", "Decision")} ${c.decisionNumber}` : ""}
          </div>
        </li>
      ))}
    </ul>
  );
}
