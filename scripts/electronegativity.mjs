#!/usr/bin/env node
// Runs @doyensec/electronegativity over the project and fails on any finding of high or medium
// severity, except the review-only findings accepted in scripts/electronegativity-reviewed.json
// (each with its reason). Low findings are printed. Exit 0 when clean.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const scannerPackage = require.resolve('@doyensec/electronegativity/package.json');
const scannerBin = path.join(
  path.dirname(scannerPackage),
  JSON.parse(readFileSync(scannerPackage, 'utf8')).bin.electronegativity,
);
const reviewed = JSON.parse(readFileSync('scripts/electronegativity-reviewed.json', 'utf8')).accepted;

/** One scan; the CSV report's text, or null when the scanner wrote none. */
function scan() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
  const csvFile = path.join(dir, 'findings.csv');
  // -e: the installed Electron version (the scanner's own look-up needs the internet); the
  // offline shim keeps it from trying (electronegativity-offline.mjs says why).
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(path.resolve('scripts/electronegativity-offline.mjs')).href,
      scannerBin,
      ...['-i', '.', '-e', electronVersion, '-r', '-v', 'false', '-o', csvFile],
    ],
    { encoding: 'utf8' },
  );
  try {
    return { csv: readFileSync(csvFile, 'utf8'), output: `${run.stdout}\n${run.stderr}` };
  } catch {
    return { csv: null, output: `exit ${run.status}\n${run.stdout}\n${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** RFC 4180 enough for this report: quoted fields with doubled quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [],
    field = '',
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n') {
      row.push(field.trim());
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    row.push(field.trim());
    rows.push(row);
  }
  return rows;
}

const findingsOf = (csv) =>
  parseCsv(csv)
    .slice(1)
    .filter((r) => r.length >= 5)
    .map(([check, severity, confidence, file, location]) => ({ check, severity, confidence, file, location }));

// The window has a preload, so a complete scan always reports PRELOAD_JS_CHECK on it. A report
// without it means the scanner stopped early (seen once, with no error): scan again, then fail.
const complete = (findings) =>
  findings.some((f) => f.check === 'PRELOAD_JS_CHECK' && f.file === 'main/shell/security.ts');
let findings = null;
for (let attempt = 1; attempt <= 3 && findings === null; attempt++) {
  const result = scan();
  const found = result.csv === null ? null : findingsOf(result.csv);
  if (found && complete(found)) findings = found;
  else console.error(`electronegativity scan ${attempt} was incomplete:\n${result.output.trim()}`);
}
if (findings === null) {
  console.error('electronegativity did not complete a scan: counting it as failed.');
  process.exit(1);
}
const isAccepted = (f) => reviewed.some((r) => r.check === f.check && r.file === f.file);
const blocking = findings.filter((f) => (f.severity === 'HIGH' || f.severity === 'MEDIUM') && !isAccepted(f));

for (const f of findings) {
  const mark = blocking.includes(f) ? 'FAIL' : isAccepted(f) ? 'reviewed' : 'low';
  console.log(`${mark.padEnd(8)} ${f.severity.padEnd(6)} ${f.check} ${f.file}:${f.location}`);
}
console.log(
  `electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${blocking.length} blocking`,
);
process.exit(blocking.length === 0 ? 0 : 1);
