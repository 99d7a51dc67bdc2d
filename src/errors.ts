/** Exit codes: public interface (README "Exit codes"). */
export const EXIT = { conformant: 0, notConformant: 1, usage: 2, harness: 3, interrupted: 130 } as const;

export type ErrorCode = 'E_USAGE' | 'E_CONFIG' | 'E_SCENARIO' | 'E_CHECK_UNKNOWN' | 'E_UNSAFE' | 'E_HARNESS';

/** An error the user can act on; matched on `code` (Vitest workers are separate module graphs). */
export class HarnessError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
    this.code = code;
  }

  get exitCode(): number {
    return this.code === 'E_HARNESS' ? EXIT.harness : EXIT.usage;
  }
}

export function isHarnessError(error: unknown): error is HarnessError {
  return error instanceof Error && error.name === 'HarnessError' && typeof (error as HarnessError).code === 'string';
}
