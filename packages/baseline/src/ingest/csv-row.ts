/**
 * Split one CSV line (RFC 4180 quoting: "a, b" and "" for a quote). Returns null for a line
 * whose quotes do not close (multi-line fields are not supported: the row is reported as bad).
 */
export function splitCsvLine(line: string): string[] | null {
  const cells: string[] = [];
  let index = 0;
  while (index <= line.length) {
    if (line[index] === '"') {
      let value = "";
      index++;
      for (;;) {
        const quote = line.indexOf('"', index);
        if (quote === -1) return null;
        value += line.slice(index, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          index = quote + 2;
          continue;
        }
        index = quote + 1;
        break;
      }
      if (index < line.length && line[index] !== ",") return null;
      cells.push(value);
      index++;
    } else {
      const comma = line.indexOf(",", index);
      const end = comma === -1 ? line.length : comma;
      cells.push(line.slice(index, end).trim());
      index = end + 1;
    }
  }
  return cells;
}
