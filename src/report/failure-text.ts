import type { CheckResult } from '../scenario/results.js';
import { failsGate } from './gate.js';
import { isWarning, type Summary } from './summary.js';

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** One failed check as people read it: title, expected/actual, where, and how to reproduce. */
export function failureText(result: CheckResult): string {
  const lines = [
    `✗ ${result.id} [${result.severity.toUpperCase()}] ${result.scenario} › ${result.step}`,
    `    ${result.message ?? result.title}`,
  ];
  if (result.expected !== undefined) lines.push(`    expected: ${show(result.expected)}`);
  if (result.actual !== undefined) lines.push(`    actual:   ${show(result.actual)}`);
  if (result.reference) lines.push(`    reference: ${result.reference}`);
  if (result.location) lines.push(`    --> ${result.location}`);
  if (result.reproduce) lines.push(`    reproduce: ${result.reproduce}`);
  return lines.join('\n');
}

/**
 * What the terminal shows after a run: every failure that fails the gate in full, then one line per
 * other warning and per waived failure.
 */
export function failureReport(summary: Summary): string {
  const gate = summary.checks.filter((c) => failsGate(c, summary.gate.failOn));
  const warnings = summary.checks.filter((c) => isWarning(c) && !gate.includes(c));
  const waived = summary.checks.filter((c) => c.waived);
  const line = (c: CheckResult) =>
    `${c.id} [${c.severity.toUpperCase()}] ${c.scenario} › ${c.step}: ${c.message ?? c.title}`;
  return [
    ...gate.map(failureText),
    ...(warnings.length > 0 ? [`Warnings:\n${warnings.map((c) => `  ! ${line(c)}`).join('\n')}`] : []),
    ...(waived.length > 0
      ? [`Waived:\n${waived.map((c) => `  ~ ${line(c)} (until ${c.waived!.expires})`).join('\n')}`]
      : []),
  ].join('\n\n');
}
