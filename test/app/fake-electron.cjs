// Preloaded with `node -r` to run the real dist/app/main.cjs without Electron: require('electron')
// resolves to a stand-in. `app` and `utilityProcess` behave (lock, ready, events, quit → before-quit →
// exit; fork → a node child); every other module is a permissive no-op (any property, call or `new`
// gives another one), enough for the window, tray and notification setups to run headless.
// SIGUSR2 asks the app to quit, as the tray's Quit would.
const Module = require('node:module');
const { EventEmitter } = require('node:events');
const { fork } = require('node:child_process');

function permissive(name) {
  const target = function () {};
  return new Proxy(target, {
    get: (_t, key) => (key === 'then' || typeof key === 'symbol' ? undefined : permissive(`${name}.${String(key)}`)),
    apply: () => permissive(`${name}()`),
    construct: () => permissive(`new ${name}`),
  });
}

const app = new EventEmitter();
Object.assign(app, {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  getLoginItemSettings: () => ({ openAtLogin: false, wasOpenedAsHidden: false }),
  setLoginItemSettings: () => undefined,
  getAppPath: () => process.cwd(),
  quit() {
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) process.exit(0);
  },
  exit: (code) => process.exit(code),
});
process.on('SIGUSR2', () => app.quit());

const utilityProcess = {
  fork(modulePath, args, options) {
    const child = fork(modulePath, args, { env: options.env, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const handle = new EventEmitter();
    handle.stdout = child.stdout;
    handle.stderr = child.stderr;
    handle.kill = () => child.kill('SIGTERM');
    child.once('spawn', () => {
      handle.pid = child.pid;
      process.stdout.write(`fake-electron: utility process pid ${child.pid}\n`);
      handle.emit('spawn');
    });
    child.once('exit', (code) => handle.emit('exit', code ?? 1));
    return handle;
  },
};

const dialog = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) };
// Own properties, one per module of electron-surface.ts: the bundle's import * copies own properties only.
const fake = { app, utilityProcess, dialog };
for (const name of ['BrowserWindow', 'Tray', 'Menu', 'Notification', 'nativeImage', 'ipcMain', 'powerMonitor', 'powerSaveBlocker', 'shell', 'session']) fake[name] = permissive(name);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? __filename : resolve.call(this, request, ...rest);
};
require.cache[__filename] = Object.assign(new Module(__filename), { loaded: true, exports: fake });
