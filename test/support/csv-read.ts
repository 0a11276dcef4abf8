// A `;` CSV read back the way a spreadsheet imports it, and the lines of its cells that a spreadsheet
// would take for a formula: for the escaping and spreadsheet tests.

/** A `;` CSV read as RFC 4180 says and as a spreadsheet imports it: quoted fields may hold `;`, `"` and line breaks. */
export function parseCsv(csv: string): string[][] {
  const text = csv.replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
      continue;
    }
    if (c === '"' && atStart) {
      quoted = true;
      atStart = false;
    } else if (c === ';') {
      record.push(cell);
      cell = '';
      atStart = true;
    } else if (c === '\r' || c === '\n') {
      // Outside quotes any CR, LF or CRLF ends the record (LibreOffice's default import does the same).
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      atStart = true;
    } else {
      cell += c;
      atStart = false;
    }
  }
  if (cell !== '' || record.length) records.push([...record, cell]);
  return records;
}

/** Lines of a cell (a spreadsheet shows each on its own line) that would start a formula; a plain negative number is fine. */
export function formulaLines(records: string[][]): string[] {
  return records
    .flat()
    .flatMap((cell) => cell.split(/\r\n|\r|\n/))
    .filter((line) => /^[=+\-@\t\r]/.test(line) && !/^-\d+(?:[.,]\d+)?$/.test(line));
}
