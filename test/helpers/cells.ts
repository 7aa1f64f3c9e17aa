// Cells as Athena's and DuckDB's CSV readers take a column of each declared
// type, written apart from the CSV writer: a table whose cells pass reads in
// both without a conversion error or a value read as nothing.
import { csvParse } from "d3-dsv";
import { Column } from "../../etl/transform";

const FITS: Record<Column["type"], RegExp> = {
    int: /^-?\d+$/,
    double: /^-?\d+(\.\d+)?(e[-+]?\d+)?$/,
    timestamp: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/,
    string: /[^]*/,
};

/** Each non-empty cell of `csv` that is not of its column's declared type, as `column 'value'`; a header other than the columns' names, too. */
export function misfits(csv: string, columns: Column[]): string[] {
    const rows = csvParse(csv);
    const names = columns.map((c) => c.name);
    const header = rows.columns.join(",") === names.join(",") ? [] : [`header '${rows.columns.join(",")}'`];
    return [...header, ...rows.flatMap((row) => columns.filter((c) => (row[c.name] ?? "") !== "" && !FITS[c.type].test(row[c.name]!)).map((c) => `${c.name} '${row[c.name]}'`))];
}
