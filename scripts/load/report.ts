/** Reports of the benchmark and the fault run: a JSON file for machines, Markdown for people. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../platform/layout';

export const REPORTS = path.join(ROOT, 'reports');

export function writeReport(dir: string, name: string, json: unknown, markdown: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [path.join(dir, `${name}.json`), path.join(dir, `${name}.md`)];
  writeFileSync(files[0] as string, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(files[1] as string, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return files;
}

/** A Markdown table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const ms = (v: number): string => `${Math.round(v)} ms`;
