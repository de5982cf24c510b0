import type { Route } from "../lib/router";
import { Page } from "../lib/ui";

export default function Screen(_props: { route: Route }) {
  return <Page title="search"><p>…</p></Page>;
}
