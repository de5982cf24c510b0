// CSV text for the tables' "Download CSV": UTF-8 with a byte-order mark (Excel then reads the
// Vietnamese), CRLF line ends, RFC 4180 quoting. A text cell that a spreadsheet would take for a
// formula — first character =, +, -, @, tab or CR — gets a leading apostrophe (issue #12, "CSV
// injection"); a cell whose value is a JavaScript number is written as the number it is, so real
// negative figures stay numbers. The server's analytics CSV follows the same rule.

export type CsvValue = string | number | null | undefined;

/** One cell. */
export function csvCell(v: CsvValue): string {
  let s = v === null || v === undefined ? "" : String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole file: the header row, then the rows. */
export function csvText(header: CsvValue[], rows: CsvValue[][]): string {
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) lines.push(r.map(csvCell).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}
