/** The shell contract's validators: each method's params checked field by field, with a message naming the field. */
import { describe, expect, it } from 'vitest';
import { checkShellParams, SHELL_CONTRACT, SHELL_METHODS, shellChannel } from '../../shared/shell-contract.js';
import { NOTIFIABLE_ALERT_KINDS, notifies } from '../../shared/shell-preferences.js';

describe('the shell contract', () => {
  it('derives its method list and channels from the one map', () => {
    expect(SHELL_METHODS).toEqual(Object.keys(SHELL_CONTRACT));
    expect(SHELL_METHODS).toEqual(['revealLog', 'openInEditor', 'getPreferences', 'setPreferences']);
    expect(SHELL_METHODS.map(shellChannel)).toEqual(['tickwork-shell:revealLog', 'tickwork-shell:openInEditor', 'tickwork-shell:getPreferences', 'tickwork-shell:setPreferences']);
  });

  it('passes valid params through as typed values, dropping nothing the caller meant', () => {
    expect(checkShellParams('revealLog', { run: 3, task: 'prices.daily', attempt: 2 })).toEqual({ ok: true, value: { run: 3, task: 'prices.daily', attempt: 2 } });
    expect(checkShellParams('openInEditor', { file: '/p/tickwork.yaml', line: 4 })).toEqual({ ok: true, value: { file: '/p/tickwork.yaml', line: 4 } });
    expect(checkShellParams('openInEditor', { file: 'C:\\p\\tickwork.yml', line: 4, column: 2 })).toEqual({ ok: true, value: { file: 'C:\\p\\tickwork.yml', line: 4, column: 2 } });
    expect(checkShellParams('setPreferences', { notify: { run_failed: false } })).toEqual({ ok: true, value: { notify: { run_failed: false } } });
    expect(checkShellParams('getPreferences', {})).toEqual({ ok: true, value: {} });
  });

  it('names the field that is wrong', () => {
    expect(checkShellParams('revealLog', { run: 0, task: 'x', attempt: 1 })).toEqual({ ok: false, error: 'run must be a positive whole number' });
    expect(checkShellParams('revealLog', { run: 1, task: '..', attempt: 1 })).toEqual({ ok: false, error: 'task must be a pipeline or job name' });
    expect(checkShellParams('openInEditor', { file: '/p/tickwork.yaml\0', line: 1 })).toEqual({ ok: false, error: 'file must be an absolute path' });
    expect(checkShellParams('openInEditor', { file: '/p/not-tickwork.yaml', line: 1 })).toEqual({ ok: false, error: 'file must be a tickwork.yaml' });
    expect(checkShellParams('setPreferences', { keepRunningOnQuit: null })).toEqual({ ok: false, error: 'keepRunningOnQuit must be true or false' });
    expect(checkShellParams('setPreferences', { notify: { 'Run Failed': true } })).toEqual({ ok: false, error: 'notify.Run Failed must be an alert kind set to true or false' });
    expect(checkShellParams('getPreferences', Object.create({ inherited: 1 }))).toEqual({ ok: false, error: 'params must be an object' });
  });

  it('offers a switch per alert kind of the issue, each on until switched off', () => {
    expect(NOTIFIABLE_ALERT_KINDS.map((k) => k.rule)).toEqual(['run_failed', 'retries_exhausted', 'stale', 'stuck', 'long_running', 'config_invalid']);
    expect(notifies({}, 'stale')).toBe(true);
    expect(notifies({ stale: false }, 'stale')).toBe(false);
  });
});
