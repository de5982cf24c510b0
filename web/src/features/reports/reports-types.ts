// The report list's types and the key of a report in it.
import type { Schemas } from "../../lib/api";

export type Item = Schemas["ReportListItem"];
export type Batch = Schemas["BatchApprovalResult"];

export const keyOf = (r: Pick<Item, "form" | "unit" | "period">) => `${r.form}/${r.unit}/${r.period}`;
