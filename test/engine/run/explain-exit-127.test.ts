import { describe, expect, it } from 'vitest';
import { shellNotFoundNames } from '../../../electron/engine/run/explain-exit-127.js';

describe('the "not found" messages of shells', () => {
  it('reads the missing name from dash, bash, busybox and zsh', () => {
    expect(shellNotFoundNames('sh: 1: nosuchtool: not found\n')).toEqual(['nosuchtool']);
    expect(shellNotFoundNames('/bin/sh: line 3: ./fetch.sh: command not found')).toEqual(['./fetch.sh']);
    expect(shellNotFoundNames('bash: nosuchtool: command not found')).toEqual(['nosuchtool']);
    expect(shellNotFoundNames('sh: nosuchtool: not found')).toEqual(['nosuchtool']);
    expect(shellNotFoundNames('zsh:1: command not found: nosuchtool')).toEqual(['nosuchtool']);
    expect(shellNotFoundNames('tickwork-task: 1: eval: nosuchtool: not found')).toEqual(['nosuchtool']);
  });

  it('ignores what a program printed that only looks similar', () => {
    expect(shellNotFoundNames('grep: data.csv: No such file or directory\nuser alice: not found\nlookup of key 7: not found')).toEqual([]);
  });
});
