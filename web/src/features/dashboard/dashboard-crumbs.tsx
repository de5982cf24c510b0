// The dashboard's query (#/dashboard?ou=&ind=&dx=&h=) and the breadcrumb of the unit shown.
import { pick, t } from "../../lib/i18n";
import { href } from "../../lib/router";
import type { Unit } from "./dashboard-data";

export type Query = Record<string, string | undefined>;

export function Breadcrumb(props: {
  ou: string;
  ctx?: { unit: Unit; ancestors: Unit[] };
  unitName: string;
  query: (o: Query) => Query;
}) {
  const anc = props.ctx?.ancestors ?? [];
  return (
    <nav aria-label={t("Đơn vị đang xem", "Unit shown")} class="dash-crumbs">
      <ol>
        {anc.map((a) => (
          <li key={a.code}>
            <a href={href("/dashboard", props.query({ ou: a.code, h: undefined }))}>{pick(a)}</a>
          </li>
        ))}
        <li>
          <span aria-current="page" id="dashboard-unit" data-unit={props.ou}>
            {props.unitName}
          </span>
        </li>
      </ol>
    </nav>
  );
}
