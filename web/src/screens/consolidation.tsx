import { Page } from "../lib/ui";

export default function Consolidation(props: { form: string; unit: string; period: string }) {
  return <Page title="consolidation"><p>{props.form}</p></Page>;
}
