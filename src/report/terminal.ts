import type { Reporter, TestCase } from 'vitest/node';
import type { ScenarioResult } from '../scenario/results.js';
import { isGateFailure, isWarning, type Summary } from './summary.js';
import type { ReportPaths } from './write.js';

/** A line per scenario as it finishes; Vitest's own output stays out of the user's way. */
export class ScenarioProgressReporter implements Reporter {
  private readonly write: (line: string) => void;

  constructor(write: (line: string) => void) {
    this.write = write;
  }

  onTestCaseResult(testCase: TestCase): void {
    const result = testCase.meta().scenarioResult as ScenarioResult | undefined;
    const duration = Math.round(testCase.diagnostic()?.duration ?? 0);
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

/** The closing lines: the verdict, the counts, where the reports are. */
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
    `${verdict}: ${passed} passed, ${failed} failed, ${warnings} warnings, ${skipped} skipped${waived ? `, ${waived} waived` : ''} (${summary.durationMs} ms)`,
    ...(summary.gate.failOn === 'should'
      ? [`Gate (--fail-on should): ${summary.gate.passed ? 'passed' : 'FAILED'}`]
      : []),
    `Summary:     ${paths.summary}`,
    `Certificate: ${paths.certificate}`,
    `JUnit:       ${paths.junit}`,
    paths.html ? `HTML report: ${paths.html}` : `Allure results: ${paths.allureResults}`,
  ];
  return lines.join('\n');
}
