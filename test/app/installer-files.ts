/**
 * What the installer test needs from electron-builder itself: its JSON
 * schema with the ajv it validates with, and its own file matchers (the
 * `files` and `asarUnpack` globs as electron-builder applies them, default
 * exclusions included), loaded from node_modules; plus the list of files the
 * packaged app reads or runs at run time.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Loads modules the way app-builder-lib does (its own ajv, its own minimatch). */
const builderRequire = createRequire(path.join(root, 'node_modules', 'app-builder-lib', 'package.json'));

/** The platforms the config builds for, by electron-builder's config key. */
export type BuilderPlatform = 'mac' | 'linux' | 'win';

/** The part of electron-builder.json the test reads (the schema vouches for the rest). */
export interface BuilderConfig {
  readonly [key: string]: unknown;
  readonly files: readonly string[];
  readonly asarUnpack: readonly string[];
}

/** electron-builder.json as parsed JSON. */
export function readConfig(): BuilderConfig {
  return JSON.parse(fs.readFileSync(path.join(root, 'electron-builder.json'), 'utf8')) as BuilderConfig;
}

interface AjvError {
  readonly instancePath: string;
  readonly message?: string;
}
interface AjvValidate {
  (data: unknown): boolean;
  errors?: readonly AjvError[] | null;
}
interface AjvInstance {
  compile(schema: unknown): AjvValidate;
}
type AjvClass = new (options: Record<string, unknown>) => AjvInstance;

/** Validates a config against app-builder-lib/scheme.json with electron-builder's ajv and options; returns the errors ('' when valid). */
export function schemaErrors(config: unknown): string {
  const ajvModule = builderRequire('ajv') as { default: AjvClass };
  // The options of app-builder-lib/out/util/config/schemaValidator.js, minus coerceTypes: a string "true" must not pass as a boolean here.
  const ajv = new ajvModule.default({ allErrors: true, verbose: true, strict: false });
  const schema: unknown = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8'));
  const validate = ajv.compile(schema);
  if (validate(structuredClone(config))) return '';
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`).join('\n');
}

/** The ajv version resolved for app-builder-lib (the one electron-builder validates with). */
export function builderAjvVersion(): string {
  return (builderRequire('ajv/package.json') as { version: string }).version;
}

interface FileFilter {
  (file: string, stat: fs.Stats): boolean;
}
interface FileMatcherLike {
  readonly patterns: readonly string[];
  createFilter(): FileFilter;
}
interface FileMatcherModule {
  getMainFileMatchers(appDir: string, destination: string, expand: (s: string) => string, platformOptions: unknown, packager: unknown, outDir: string, electronCompile: boolean): FileMatcherLike[];
  getNodeModuleFileMatcher(appDir: string, destination: string, expand: (s: string) => string, platformOptions: unknown, packager: unknown): FileMatcherLike;
  getFileMatchers(config: unknown, name: string, destination: string, options: unknown): FileMatcherLike[] | null;
  readonly excludedExts: string;
}

/** Where electron-builder would put a file of the checkout: left out, inside app.asar, or in app.asar.unpacked. */
export type Placement = 'left out' | 'asar' | 'unpacked';

/**
 * Decides `file`'s placement for `platform` with electron-builder's own
 * matchers (fileMatcher.js): the main `files` filter for the app's files,
 * the node_modules filter (only `files`' exclusions, plus the extensions
 * electron-builder drops per platform) for dependencies, then `asarUnpack`.
 * smartUnpack's guesses are not counted: every native file must be listed.
 */
export function placementOf(config: BuilderConfig, platform: BuilderPlatform, file: string): Placement {
  const matchers = builderRequire('./out/fileMatcher.js') as FileMatcherModule;
  const expand = (text: string): string => text;
  const platformOptions = (config[platform] ?? {}) as Record<string, unknown>;
  const directories = config.directories as { buildResources: string; output: string };
  const info = { projectDir: root, buildResourcesDir: directories.buildResources, isPrepackedAppAsar: false, config, debugLogger: { isEnabled: false } };
  const outDir = path.join(root, directories.output);
  const destination = '/packaged/app';
  const absolute = path.join(root, file);
  const stat = fs.statSync(absolute);
  const isModule = file.startsWith('node_modules/');
  let included: boolean;
  if (isModule) {
    // appFileCopier.js getNodeModuleExcludedExts: object files, sources, pdb, and Windows binaries off Windows.
    const excludedExts = ['.o', '.obj', ...matchers.excludedExts.split(',').map((ext) => `.${ext}`), '.pdb', ...(platform === 'win' ? [] : ['.dll', '.exe'])];
    const matcher = matchers.getNodeModuleFileMatcher(root, destination, expand, platformOptions, info);
    // NodeModuleCopyHelper matches a dependency's files by their path from the app's root.
    const moduleStat = Object.assign(Object.create(stat) as fs.Stats, { moduleFullFilePath: file, isDirectory: () => stat.isDirectory() });
    included = !excludedExts.some((ext) => file.endsWith(ext)) && (matcher.patterns.length === 0 || matcher.createFilter()(absolute, moduleStat));
  } else {
    const [main] = matchers.getMainFileMatchers(root, destination, expand, platformOptions, { info }, outDir, false);
    included = main!.createFilter()(absolute, stat);
  }
  if (!included) return 'left out';
  const unpack = matchers.getFileMatchers(config, 'asarUnpack', destination, { macroExpander: expand, customBuildOptions: platformOptions, globalOutDir: outDir, defaultSrc: root });
  const unpackStat = isModule ? Object.assign(Object.create(stat) as fs.Stats, { moduleFullFilePath: file, isDirectory: () => stat.isDirectory() }) : stat;
  return unpack?.[0]?.createFilter()(absolute, unpackStat) ? 'unpacked' : 'asar';
}

/** One file the packaged app needs at run time. */
export interface NeededFile {
  /** Path from the checkout's root. */
  readonly path: string;
  /** Run or dlopen'ed from disk: must be in app.asar.unpacked. */
  readonly native: boolean;
  /** Who puts it there, for the skip message while it is not built yet. */
  readonly from: string;
}

/** Every file under `dir` (relative to the root), or [] when it does not exist. */
function filesUnder(dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** The assets dist/renderer/index.html loads (its src/href attributes naming files of dist/renderer/). */
export function rendererAssets(): string[] {
  const html = fs.readFileSync(path.join(root, 'dist', 'renderer', 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"?#]+)"/g)].map((match) => `dist/renderer/${match[1]}`);
}

/** The files the packaged app needs on `platform` (see placementOf for how each is checked). */
export function neededFiles(platform: BuilderPlatform): NeededFile[] {
  const shell = 'the shell (electron/app, bundled by build/bundle.mjs)';
  const build = 'npm run build';
  const needed: NeededFile[] = [
    { path: 'package.json', native: false, from: 'the checkout' },
    { path: 'dist/app/main.cjs', native: false, from: shell },
    { path: 'dist/app/preload.cjs', native: false, from: shell },
    { path: 'dist/cli.cjs', native: false, from: build },
    { path: 'dist/renderer/index.html', native: false, from: build },
    ...filesUnder('dist/renderer/assets').filter((file) => !file.endsWith('.map')).map((file) => ({ path: file, native: false, from: build })),
    { path: 'resources/icon.png', native: false, from: 'the tray owner (resources/)' },
    ...filesUnder('resources').filter((file) => !file.endsWith('.plist') && file !== 'resources/icon.png').map((file) => ({ path: file, native: false, from: 'the tray owner (resources/)' })),
    { path: 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', native: true, from: 'npm install' },
    ...filesUnder('node_modules/@duckdb').filter((file) => /\/node-bindings-[^/]+\/.*\.(node|so|dylib|dll)$/.test(file)).map((file) => ({ path: file, native: true, from: 'npm install' })),
  ];
  // The C launcher is built where a C compiler exists (never for Windows: attempts start through a shell there).
  if (platform !== 'win') needed.push({ path: 'dist/tickwork-launcher', native: true, from: 'npm run build (build/native-launcher.mjs)' });
  // node-notifier runs its vendored notifiers on macOS (terminal-notifier.app) and Windows (SnoreToast, Notifu); Linux uses notify-send.
  if (platform === 'mac') needed.push(...filesUnder('node_modules/node-notifier/vendor/mac.noindex').map((file) => ({ path: file, native: true, from: 'npm install' })));
  if (platform === 'win') needed.push(...filesUnder('node_modules/node-notifier/vendor').filter((file) => file.endsWith('.exe')).map((file) => ({ path: file, native: true, from: 'npm install' })));
  return needed;
}

interface AsarModule {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, file: string): Buffer;
}

/** The files inside an asar archive, as paths from its root ('dist/cli.cjs'), and a reader of one of them. */
export function readAsar(archive: string): { readonly files: ReadonlySet<string>; read(file: string): string } {
  const asar = builderRequire('@electron/asar') as AsarModule;
  const files = new Set(asar.listPackage(archive, { isPack: false }).map((file) => file.replace(/^[\\/]/, '').split(path.sep).join('/')));
  return { files, read: (file) => asar.extractFile(archive, file).toString('utf8') };
}
