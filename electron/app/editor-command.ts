/**
 * Which program opens a file at a line (pure): the user's `$VISUAL`, else
 * `$EDITOR`, when it is a GUI editor whose command line takes a position —
 * VS Code and its forks (`--goto file:line:col`), Sublime Text and Zed
 * (`file:line:col`), the JetBrains IDEs (`--line N file`). Anything else (a
 * terminal editor, nothing set) opens the file with the system's default
 * application instead, at its top. Always argv, never a shell: the value of
 * $EDITOR is split into words, not evaluated.
 */

/** Run `program` with `args`, or hand the file to the system's opener. */
export type EditorCommand = { readonly kind: 'spawn'; readonly program: string; readonly args: readonly string[] } | { readonly kind: 'open-path'; readonly file: string };

/** Where to open. */
export interface EditorTarget {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

const GOTO_FLAG = new Set(['code', 'code-insiders', 'codium', 'vscodium', 'cursor', 'windsurf']);
const COLON_SUFFIX = new Set(['subl', 'sublime_text', 'zed', 'zeditor']);
const LINE_FLAG = new Set(['idea', 'idea64', 'charm', 'pycharm', 'pycharm64', 'webstorm', 'goland', 'clion', 'rider', 'phpstorm', 'rubymine', 'fleet']);

/** The command that opens `target` for a user whose environment is `env`, on `platform`. */
export function editorCommand(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, target: EditorTarget): EditorCommand {
  for (const name of ['VISUAL', 'EDITOR'] as const) {
    const words = splitWords(env[name] ?? '');
    const program = words[0];
    if (program === undefined) continue;
    const extra = words.slice(1);
    const base = programName(program, platform);
    const at = `${target.file}:${target.line}:${target.column ?? 1}`;
    if (GOTO_FLAG.has(base)) return { kind: 'spawn', program, args: [...extra, '--goto', at] };
    if (COLON_SUFFIX.has(base)) return { kind: 'spawn', program, args: [...extra, at] };
    if (LINE_FLAG.has(base)) return { kind: 'spawn', program, args: [...extra, '--line', String(target.line), target.file] };
    // A terminal editor (vim, nano, emacs -nw…) has no window to open here: $EDITOR is not a GUI, so use the opener.
    break;
  }
  return { kind: 'open-path', file: target.file };
}

/** `/usr/local/bin/code` → `code`; on Windows also without `.exe` / `.cmd` and case-folded. */
function programName(program: string, platform: NodeJS.Platform): string {
  const base = program.split(platform === 'win32' ? /[\\/]/ : /\//).pop() ?? program;
  return platform === 'win32' ? base.toLowerCase().replace(/\.(exe|cmd|bat)$/, '') : base;
}

/** Words of an $EDITOR value: split at blanks, with "…" and '…' grouping (no expansion of any kind). */
export function splitWords(value: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (const ch of value) {
    if (quote !== null) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}
