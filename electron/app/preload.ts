/**
 * The dashboard window's preload (sandboxed: bundled to dist/app/preload.cjs
 * with everything but `electron` inlined, since a sandboxed preload may
 * require nothing else). Exposes the native actions of the shell contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeShellBridge } from './preload-bridge.js';

exposeShellBridge({ contextBridge, ipcRenderer });
