import { execFileSync, spawnSync } from "node:child_process";

/** Text of one page (1-based) or the whole PDF, layout kept so table rows stay on one line. */
export function pdfText(path: string, page?: number): string {
  const range = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
  return execFileSync("pdftotext", ["-layout", ...range, path, "-"], { encoding: "utf8" });
}

export function pdfPageCount(path: string): number {
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  const match = /^Pages:\s+(\d+)/m.exec(info);
  if (!match) throw new Error(`pdfinfo printed no page count for ${path}`);
  return Number(match[1]);
}

/** Every font `pdffonts` lists, with whether it is embedded. */
export function pdfFonts(path: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync("pdffonts", [path], { encoding: "utf8" }).split("\n").slice(2);
  return lines
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID: emb is the 5th column from the end.
      return { name: columns[0] ?? "", embedded: columns.at(-5) === "yes" };
    });
}

/** Renders every page with pdftoppm at low resolution; returns its exit status and stderr. */
export function renderPages(path: string, outputPrefix: string): { status: number | null; stderr: string } {
  const result = spawnSync("pdftoppm", ["-png", "-r", "30", path, outputPrefix], { encoding: "utf8" });
  return { status: result.status, stderr: result.stderr };
}
