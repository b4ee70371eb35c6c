/** The report for people (text), and for CI (JUnit XML, JSON). */
import type { Report } from './runner.js';

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

export function formatText(report: Report, opts: { color?: boolean } = {}): string {
  const paint = (code: number, text: string) =>
    opts.color === true ? `\u001b[${code}m${text}\u001b[0m` : text;
  const tone = { pass: 32, fail: 31, skip: 33 } as const;
  const lines: string[] = [
    `Runsight conformance — contract ${report.contractVersion}`,
    `backend ${report.baseUrl} · workspace ${report.workspace}${report.tenant === null ? '' : ` · tenant ${report.tenant}`}`,
    '',
  ];
  if (report.fatal !== null)
    lines.push(paint(tone.fail, `cannot reach the backend: ${report.fatal}`), '');
  for (const c of report.checks) {
    if (c.reason === 'not selected') continue;
    const head = `${paint(tone[c.outcome], MARK[c.outcome])}  ${c.id.padEnd(16)} ${c.title}`;
    lines.push(head);
    if (c.outcome === 'skip' && c.reason !== null) lines.push(`      skipped: ${c.reason}`);
    for (const f of c.findings) {
      lines.push(`      ✗ ${f.message}`);
      if (f.request !== undefined) lines.push(`        request:  ${f.request}`);
      if (f.expected !== undefined) lines.push(`        expected: ${f.expected}`);
    }
    for (const n of c.notes) lines.push(`      · ${n}`);
  }
  const t = report.totals;
  lines.push(
    '',
    `${t.pass} passed, ${t.fail} failed, ${t.skip} skipped · ${report.requests} of ${report.maxRequests} requests · ${(report.durationMs / 1000).toFixed(1)} s · tolerance ±${report.toleranceMs} ms`,
  );
  return `${lines.join('\n')}\n`;
}

const xml = (text: string) =>
  text
    // characters XML 1.0 cannot hold
    .split('')
    .filter((ch) => {
      const code = ch.charCodeAt(0);
      return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
    })
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** JUnit XML: one test suite, one test case per check (skipped ones as `<skipped>`). */
export function formatJUnit(report: Report): string {
  const cases = report.checks.map((c) => {
    const open = `    <testcase classname="runsight-conformance" name="${xml(c.id)}" time="${(c.durationMs / 1000).toFixed(3)}">`;
    if (c.outcome === 'pass') return `${open}</testcase>`;
    if (c.outcome === 'skip') {
      return `${open}\n      <skipped message="${xml(c.reason ?? '')}"/>\n    </testcase>`;
    }
    const body = c.findings
      .map((f) =>
        [f.message, f.request && `request: ${f.request}`, f.expected && `expected: ${f.expected}`]
          .filter(Boolean)
          .join('\n'),
      )
      .join('\n\n');
    const first = c.findings[0]?.message ?? 'failed';
    return `${open}\n      <failure message="${xml(first)}" type="${xml(c.id)}">${xml(body)}</failure>\n    </testcase>`;
  });
  const t = report.totals;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="runsight-conformance" tests="${report.checks.length}" failures="${t.fail}" skipped="${t.skip}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xml(`runsight-conformance ${report.baseUrl}`)}" tests="${report.checks.length}" failures="${t.fail}" errors="0" skipped="${t.skip}" timestamp="${report.startedAt}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
