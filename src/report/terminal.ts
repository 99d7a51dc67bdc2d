import type { Reporter, TestCase } from 'vitest/node';
import type { ScenarioResult } from '../scenario/results.js';
import { isGateFailure, isWarning, type Summary } from './summary.js';
import type { ReportPaths } from './write.js';

/**
 * A line per scenario as it finishes; Vitest's own output stays out of the user's way. Marks each
 * scenario's start and end (User Timing, for `npm run bench:suite`).
 */
export class ScenarioProgressReporter implements Reporter {
  private readonly write: (line: string) => void;

  constructor(write: (line: string) => void) {
    this.write = write;
  }

  onTestCaseResult(testCase: TestCase): void {
    const diagnostic = testCase.diagnostic();
    if (diagnostic) {
      // The worker's reports arrive in batches, so the marks take its clock (epoch ms) rather than now.
      const start = diagnostic.startTime - performance.timeOrigin;
      performance.mark(`scim:scenario:${testCase.name}`, { startTime: start });
      performance.mark(`scim:scenario-end:${testCase.name}`, { startTime: start + diagnostic.duration });
    }
    const result = testCase.meta().scenarioResult as ScenarioResult | undefined;
    const duration = Math.round(diagnostic?.duration ?? 0);
    if (testCase.result().state === 'skipped') {
      this.write(`  - ${testCase.name}  not run`);
      return;
    }
    if (!result) {
      this.write(`  ! ${testCase.name}  did not complete (${testCase.result().errors?.[0]?.message ?? 'no result'})`);
      return;
    }
    const failed = result.checks.filter(isGateFailure).length;
    const warnings = result.checks.filter(isWarning).length;
    const passed = result.checks.filter((c) => c.status === 'passed').length;
    const skipped = result.checks.filter((c) => c.status === 'skipped');
    if (skipped.length === result.checks.length && skipped.length > 0) {
      this.write(`  - ${result.scenario.padEnd(20)} skipped: ${skipped[0].message ?? 'not applicable'}`);
      return;
    }
    const mark = failed > 0 ? '✗' : '✓';
    const parts = [`${passed} passed`, failed > 0 && `${failed} failed`, warnings > 0 && `${warnings} warnings`].filter(
      Boolean,
    );
    this.write(`  ${mark} ${result.scenario.padEnd(20)} ${parts.join(', ')}  (${duration} ms)`);
  }
}

/** The two verdicts in one line, e.g. "Microsoft Entra ID: READY (0 blocking, 0 validator findings) · RFC 7643/7644: …". */
export function verdictsText(summary: Summary): string {
  const { client, rfc } = summary.verdicts;
  const rfcPart =
    rfc.must + rfc.should === 0
      ? 'RFC 7643/7644: conformant'
      : `RFC 7643/7644: ${rfc.must} MUST deviation${rfc.must === 1 ? '' : 's'}${rfc.should > 0 ? `, ${rfc.should} SHOULD/MAY` : ''}`;
  if (!client) return rfcPart;
  const mustFindings = summary.findings.filter((f) => f.severity === 'must');
  const ignored = mustFindings.length > 0 && mustFindings.every((f) => f.impact === 'none');
  return `${client.name}: ${client.result.toUpperCase()} (${client.blocking} blocking, ${client.validator} validator finding${client.validator === 1 ? '' : 's'}) · ${rfcPart}${ignored ? ` (${client.name} does not depend on them)` : ''}`;
}

/** The closing lines: the verdicts, the gate, the counts, where the reports are. */
export function verdictLine(summary: Summary, paths: ReportPaths): string {
  const { passed, failed, warnings, skipped, waived } = summary.totals;
  const verdict = summary.verdict === 'conformant' ? 'CONFORMANT' : 'NOT CONFORMANT';
  const { throttled, leftovers } = summary.transport;
  const lines = [
    ...(throttled > 0
      ? [
          `The target throttled ${throttled} request(s) with 429/503${summary.transport.acceptedRate === undefined ? '' : ` (it accepted about ${summary.transport.acceptedRate} requests/s while throttling)`}; they were retried after Retry-After.`,
        ]
      : []),
    ...(leftovers.length > 0 ? [`Left on the target (delete by hand):\n  ${leftovers.join('\n  ')}`] : []),
    verdictsText(summary),
    `${verdict}: ${passed} passed, ${failed} failed, ${warnings} warnings, ${skipped} skipped${waived ? `, ${waived} waived` : ''} (${summary.durationMs} ms)`,
    `Gate (--fail-on ${summary.gate.failOn}): ${summary.gate.passed ? 'passed, exit 0' : 'FAILED, exit 1'}`,
    `Summary:     ${paths.summary}`,
    `Certificate: ${paths.certificate}`,
    `JUnit:       ${paths.junit}`,
    paths.html ? `HTML report: ${paths.html}` : `Allure results: ${paths.allureResults}`,
  ];
  return lines.join('\n');
}
