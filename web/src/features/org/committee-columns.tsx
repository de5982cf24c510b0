// The columns of a committee's member tables: the current members (with the button that ends a term, for
// its managers) and the membership history.
import { fmtDate } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import type { Column } from "../../lib/ui";
import { MEMBER_ROLES, memberRoleLabel, sexLabel, UnitRef, type Unit } from "./org-common";
import type { Member } from "./committee-types";

/** The current members; `onEnd` adds the button that ends a member's term. */
export function memberColumns(names: Record<string, Unit | null>, onEnd?: (m: Member) => void): Column<Member>[] {
  const cols: Column<Member>[] = [
    {
      key: "name",
      label: t("Họ và tên", "Full name"),
      value: (m) => m.fullName,
      render: (m) => <strong>{m.fullName}</strong>,
    },
    { key: "sex", label: t("Giới tính", "Sex"), value: (m) => sexLabel(m.sex) },
    {
      key: "role",
      label: t("Chức danh trong Ban", "Role in the committee"),
      value: (m) => memberRoleLabel(m.role),
      sortValue: (m) => MEMBER_ROLES.indexOf(m.role as (typeof MEMBER_ROLES)[number]),
    },
    { key: "position", label: t("Chức vụ", "Position"), value: (m) => m.position },
    {
      key: "agency",
      label: t("Cơ quan", "Agency"),
      value: (m) => (m.agency ? (names[m.agency] ? pick(names[m.agency]) : m.agency) : ""),
      render: (m) => <UnitRef code={m.agency} names={names} />,
    },
    {
      key: "decision",
      label: t("Quyết định", "Decision"),
      value: (m) => m.decisionNumber,
      render: (m) => (
        <>
          {m.decisionNumber}
          {m.decisionDate ? <span class="muted small"> ({fmtDate(m.decisionDate)})</span> : null}
        </>
      ),
    },
    { key: "start", label: t("Bắt đầu", "Start"), value: (m) => m.termStart, render: (m) => fmtDate(m.termStart) },
  ];
  if (onEnd)
    cols.push({
      key: "actions",
      label: t("Thao tác", "Actions"),
      value: () => "",
      noCsv: true,
      render: (m) => (
        <button
          type="button"
          class="btn btn-small"
          onClick={() => onEnd(m)}
          aria-label={t(`Kết thúc nhiệm kỳ của ${m.fullName}`, `End the term of ${m.fullName}`)}
        >
          {t("Kết thúc", "End term")}
        </button>
      ),
    });
  return cols;
}

export function historyColumns(names: Record<string, Unit | null>): Column<Member>[] {
  return [
    { key: "name", label: t("Họ và tên", "Full name"), value: (m) => m.fullName },
    { key: "sex", label: t("Giới tính", "Sex"), value: (m) => sexLabel(m.sex) },
    { key: "role", label: t("Chức danh trong Ban", "Role in the committee"), value: (m) => memberRoleLabel(m.role) },
    { key: "position", label: t("Chức vụ", "Position"), value: (m) => m.position },
    {
      key: "agency",
      label: t("Cơ quan", "Agency"),
      value: (m) => (m.agency ? (names[m.agency] ? pick(names[m.agency]) : m.agency) : ""),
      render: (m) => <UnitRef code={m.agency} names={names} />,
    },
    { key: "start", label: t("Từ ngày", "From"), value: (m) => m.termStart, render: (m) => fmtDate(m.termStart) },
    {
      key: "end",
      label: t("Đến ngày", "To"),
      value: (m) => m.termEnd ?? "",
      render: (m) =>
        m.termEnd ? fmtDate(m.termEnd) : <span class="badge badge-current">{t("Đang đảm nhiệm", "Serving")}</span>,
    },
    {
      key: "how",
      label: t("Ghi chú", "Notes"),
      value: (m) => [m.appointedIn ? `+${m.appointedIn}` : "", m.endedIn ? `-${m.endedIn}` : ""].join(" "),
      render: (m) => (
        <span class="small">
          {m.decisionNumber && (
            <>
              {t("QĐ", "Decision")} {m.decisionNumber}
            </>
          )}
          {m.appointedIn ? (
            <>
              <br />
              {t(`Bổ sung khi kiện toàn lần #${m.appointedIn}`, `Added in consolidation #${m.appointedIn}`)}
            </>
          ) : null}
          {m.endedIn ? (
            <>
              <br />
              {t(
                `Thôi làm thành viên khi kiện toàn lần #${m.endedIn}`,
                `Left the committee in consolidation #${m.endedIn}`,
              )}
            </>
          ) : null}
        </span>
      ),
    },
  ];
}
