import type { CheckResult } from '../scenario/results.js';
import { failsGate, type FailOn } from './gate.js';
import type { Summary } from './summary.js';

// JUnit XML is a dozen elements; vitest's own junit reporter writes one testcase per test, and we need one per check.
const escape = (text: string) =>
  text
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function detail(check: CheckResult): string {
  return [
    check.message,
    check.expected !== undefined ? `expected: ${show(check.expected)}` : undefined,
    check.actual !== undefined ? `actual: ${show(check.actual)}` : undefined,
    check.serverSaid ? `server said: ${check.serverSaid}` : undefined,
    check.impact ? `impact: ${check.impact}` : undefined,
    check.reference ? `reference: ${check.reference}` : undefined,
    check.location ? `at: ${check.location}` : undefined,
    check.reproduce ? `reproduce: ${check.reproduce}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
}

function testcase(check: CheckResult, failOn: FailOn): string {
  const open = `    <testcase classname="${escape(check.scenario)}" name="${escape(`${check.step} › ${check.id}`)}">`;
  if (failsGate(check, failOn)) {
    const message = `${check.message ?? check.title}${check.serverSaid ? ` (server said: ${check.serverSaid})` : ''}`;
    return `${open}\n      <failure message="${escape(message)}" type="${check.id}">${escape(detail(check))}</failure>\n    </testcase>`;
  }
  if (check.waived) {
    const reason = `waived until ${check.waived.expires}: ${check.waived.reason}`;
    return `${open}\n      <skipped message="${escape(reason)}"/>\n      <system-out>${escape(detail(check))}</system-out>\n    </testcase>`;
  }
  if (check.status === 'skipped')
    return `${open}\n      <skipped message="${escape(check.message ?? '')}"/>\n    </testcase>`;
  // A failure the gate lets through (a SHOULD, or a MUST the client does not depend on) is still shown.
  if (check.status === 'failed')
    return `${open}\n      <system-out>${escape(`WARNING (${[check.severity, check.impact].filter(Boolean).join(', ')}) ${detail(check)}`)}</system-out>\n    </testcase>`;
  return `${open}</testcase>`;
}

/** One testcase per check, grouped by scenario; <failure>s are the failures that fail the gate (`--fail-on`), other failures warnings. */
export function toJUnit(summary: Summary): string {
  const byScenario = new Map<string, CheckResult[]>();
  for (const check of summary.checks)
    byScenario.set(check.scenario, [...(byScenario.get(check.scenario) ?? []), check]);
  const suites = [...byScenario].map(([scenario, checks]) => {
    const failures = checks.filter((c) => failsGate(c, summary.gate.failOn)).length;
    const skipped = checks.filter((c) => c.status === 'skipped' || c.waived).length;
    return `  <testsuite name="${escape(scenario)}" tests="${checks.length}" failures="${failures}" skipped="${skipped}" errors="0">\n${checks.map((c) => testcase(c, summary.gate.failOn)).join('\n')}\n  </testsuite>`;
  });
  const { passed, failed, skipped, warnings, waived } = summary.totals;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scim-conformance" tests="${passed + failed + skipped + warnings + waived}" failures="${summary.checks.filter((c) => failsGate(c, summary.gate.failOn)).length}" skipped="${skipped + waived}" errors="0" time="${(summary.durationMs / 1000).toFixed(3)}" timestamp="${summary.startedAt}">\n${suites.join('\n')}\n</testsuites>\n`;
}
