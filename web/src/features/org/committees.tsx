// Committees for the Advancement of Women (Ban VSTBPN): the committees of a unit (and of the
// units directly under it), and one committee with its members, their history, the share of
// women, the consolidations, and for managers appointing and ending members.
import type { Route } from "../../lib/router";
import { CommitteeDetail } from "./committee-detail";
import { CommitteeList } from "./committee-list";
import "../../lib/org.css";

export default function CommitteesScreen(props: { route: Route }) {
  // the shell may render this screen for a moment with the next screen's route
  if (props.route.path[0] !== "committees") return null;
  const id = props.route.path[1];
  if (id) return <CommitteeDetail key={id} id={id} />;
  return <CommitteeList unit={props.route.query.get("unit") ?? ""} />;
}
