/**
 * The preload as it ships: dist/app/preload.cjs built with the build's own
 * esbuild options, run in a fresh V8 context whose `require` knows only
 * 'electron' (what a sandboxed preload gets), against a fake contextBridge
 * and ipcRenderer. It exposes exactly the contract's methods, each one
 * invoke on its own channel carrying only the params.
 */
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error build scripts are plain .mjs without types
import { preloadBuildOptions } from '../../build/preload-build.mjs';
import { buildShellBridge } from '../../electron/app/preload-bridge.js';
import { SHELL_BRIDGE_KEY, SHELL_METHODS, shellChannel } from '../../shared/shell-contract.js';

const ROOT = path.resolve(__dirname, '..', '..');

async function preloadSource(): Promise<string> {
  const options = preloadBuildOptions(ROOT) as Parameters<typeof build>[0];
  const result = await build({ ...options, write: false });
  return result.outputFiles![0]!.text;
}

function runPreload(source: string) {
  const exposed = new Map<string, unknown>();
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return { answered: channel };
      },
    },
  };
  const module = { exports: {} };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  vm.runInNewContext(`(function (require, module, exports) {${source}\n})`, {}, { filename: 'preload.cjs' })(sandboxRequire, module, module.exports);
  return { exposed, invoked, required };
}

describe('the preload', () => {
  it("exposes exactly the contract's methods as window.tickworkShell, requiring nothing but electron", async () => {
    const { exposed, required } = runPreload(await preloadSource());
    expect([...exposed.keys()]).toEqual([SHELL_BRIDGE_KEY]);
    const bridge = exposed.get(SHELL_BRIDGE_KEY) as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...SHELL_METHODS].sort());
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends each call as one invoke on its own channel with only the params', async () => {
    const { exposed, invoked } = runPreload(await preloadSource());
    const bridge = exposed.get(SHELL_BRIDGE_KEY) as Record<string, (params: unknown) => Promise<unknown>>;
    for (const method of SHELL_METHODS) {
      await expect(bridge[method]!({ probe: method })).resolves.toEqual({ answered: shellChannel(method) });
    }
    expect(invoked).toEqual(SHELL_METHODS.map((method) => ({ channel: shellChannel(method), args: [{ probe: method }] })));
    expect(new Set(SHELL_METHODS.map(shellChannel)).size).toBe(SHELL_METHODS.length);
  });

  it('builds the same object from the module the bundle inlines', () => {
    const calls: string[] = [];
    const bridge = buildShellBridge(async (channel) => void calls.push(channel));
    expect(Object.keys(bridge)).toEqual(SHELL_METHODS);
    void bridge.getPreferences({});
    expect(calls).toEqual([shellChannel('getPreferences')]);
  });
});
