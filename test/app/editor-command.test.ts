/** editorCommand: the user's GUI editor at the line, as argv, else the system's opener. */
import { describe, expect, it } from 'vitest';
import { editorCommand, splitWords } from '../../electron/app/editor-command.js';

const at = { file: '/p/tickwork.yaml', line: 12, column: 3 };

describe('editorCommand', () => {
  it('opens VS Code and its forks with --goto file:line:col, keeping the flags of $VISUAL', () => {
    expect(editorCommand({ VISUAL: 'code --wait' }, 'darwin', at)).toEqual({ kind: 'spawn', program: 'code', args: ['--wait', '--goto', '/p/tickwork.yaml:12:3'] });
    expect(editorCommand({ EDITOR: '/usr/local/bin/cursor' }, 'linux', { file: '/p/tickwork.yaml', line: 4 })).toEqual({ kind: 'spawn', program: '/usr/local/bin/cursor', args: ['--goto', '/p/tickwork.yaml:4:1'] });
    expect(editorCommand({ EDITOR: 'codium' }, 'linux', at).kind).toBe('spawn');
    expect(editorCommand({ EDITOR: 'C:\\Tools\\Code.exe' }, 'win32', at)).toEqual({ kind: 'spawn', program: 'C:\\Tools\\Code.exe', args: ['--goto', '/p/tickwork.yaml:12:3'] });
  });

  it('opens Sublime Text with file:line:col and the JetBrains IDEs with --line', () => {
    expect(editorCommand({ EDITOR: 'subl -w' }, 'darwin', at)).toEqual({ kind: 'spawn', program: 'subl', args: ['-w', '/p/tickwork.yaml:12:3'] });
    expect(editorCommand({ EDITOR: 'idea' }, 'linux', at)).toEqual({ kind: 'spawn', program: 'idea', args: ['--line', '12', '/p/tickwork.yaml'] });
    expect(editorCommand({ EDITOR: 'charm' }, 'darwin', at)).toEqual({ kind: 'spawn', program: 'charm', args: ['--line', '12', '/p/tickwork.yaml'] });
  });

  it('prefers $VISUAL over $EDITOR, and uses the opener for a terminal editor or none', () => {
    expect(editorCommand({ VISUAL: 'subl', EDITOR: 'code' }, 'linux', at)).toMatchObject({ program: 'subl' });
    expect(editorCommand({ VISUAL: 'vim', EDITOR: 'code' }, 'linux', at)).toEqual({ kind: 'open-path', file: '/p/tickwork.yaml' });
    expect(editorCommand({ EDITOR: 'nano' }, 'linux', at)).toEqual({ kind: 'open-path', file: '/p/tickwork.yaml' });
    expect(editorCommand({}, 'darwin', at)).toEqual({ kind: 'open-path', file: '/p/tickwork.yaml' });
    expect(editorCommand({ VISUAL: '  ', EDITOR: 'code' }, 'linux', at)).toMatchObject({ program: 'code' });
  });

  it('splits $EDITOR into words with quotes, evaluating nothing', () => {
    expect(splitWords(`"/Applications/Visual Studio Code.app/bin/code" --wait`)).toEqual(['/Applications/Visual Studio Code.app/bin/code', '--wait']);
    expect(splitWords(`code $(rm -rf ~) ;echo`)).toEqual(['code', '$(rm', '-rf', '~)', ';echo']);
    expect(splitWords(`a '' b`)).toEqual(['a', '', 'b']);
  });
});
