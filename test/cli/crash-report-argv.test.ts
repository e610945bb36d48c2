import { describe, expect, it } from 'vitest';
import { maskedArgv } from '../../electron/cli/crash-report.js';

describe('the argv of a crash report', () => {
  it('masks secret-named --param values in both spellings and keeps everything else', () => {
    expect(maskedArgv(['run', 'fetch', '--param', 'api_key=abc123', '--param=db_password=hunter22', '--param', 'lookback=90', '--date', '2025-02-03'])).toEqual([
      'run', 'fetch', '--param', 'api_key=***', '--param=db_password=***', '--param', 'lookback=90', '--date', '2025-02-03',
    ]);
  });
});
