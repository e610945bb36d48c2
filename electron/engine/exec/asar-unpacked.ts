/**
 * Paths into an Electron asar archive, as a child process must see them.
 *
 * A packaged app's code lives in `resources/app.asar`, which Electron's fs
 * reads like a folder but the OS cannot execute from. electron-builder puts
 * the files listed in `asarUnpack` (the native launcher, native modules) in
 * `resources/app.asar.unpacked/` at the same relative path, so a program the
 * engine spawns must be named by that path instead.
 */

/** `file` with its first `<name>.asar` folder replaced by `<name>.asar.unpacked`; other paths unchanged. */
export function asarUnpackedPath(file: string): string {
  return file.replace(/\.asar(?=[\\/])/, '.asar.unpacked');
}
