import { Page } from "../lib/ui";

export function ReportScreen(props: { form: string; unit: string; period: string; tab?: string }) {
  return <Page title="report"><p>{props.form}{props.unit}{props.period}{props.tab}</p></Page>;
}
