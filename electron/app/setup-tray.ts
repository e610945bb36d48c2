/**
 * Sets up the tray/menubar icon, title and menu: a TrayFeed on the daemon
 * link keeps the state, trayModel draws it, and this file only hands the
 * result to Electron (Tray, Menu.buildFromTemplate, nativeImage) and turns
 * clicks into tray actions. Icon, title and tooltip are set when they change,
 * the menu is rebuilt when what it lists changes (not on ticks that change
 * nothing: replacing the menu closes it if it is open).
 */
import path from 'node:path';
import type { MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { ShellContext } from './shell-context.js';
import { startTrayFeed, type TrayFeed } from './tray-feed.js';
import { trayModel, type TrayAction, type TrayIcon, type TrayMenuItem } from './tray-model.js';
import { performTrayAction } from './tray-actions.js';

/** The icon file for a state: the macOS template image (tinted by the menubar), else the coloured one; @2x is found beside it. */
export function trayIconFile(resources: string, icon: TrayIcon, platform: NodeJS.Platform): string {
  return path.join(resources, 'tray', platform === 'darwin' ? `${icon}Template.png` : `${icon}.png`);
}

/** The model's menu as Electron's template, each click handed to `onAction`. */
export function menuTemplate(items: readonly TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const { action } = item;
    return {
      type: item.type,
      ...(item.label !== undefined ? { label: item.label } : {}),
      enabled: item.enabled,
      ...(item.checked !== undefined ? { checked: item.checked } : {}),
      ...(item.submenu ? { submenu: menuTemplate(item.submenu, onAction) } : {}),
      ...(action ? { click: () => onAction(action) } : {}),
    };
  });
}

/** See the file comment. */
export function setupTray(ctx: ShellContext): void {
  const { app, Menu, Tray: TrayClass, nativeImage } = ctx.electron;
  const images = new Map<TrayIcon, NativeImage>();
  const image = (icon: TrayIcon): NativeImage => {
    let loaded = images.get(icon);
    if (!loaded) {
      loaded = nativeImage.createFromPath(trayIconFile(ctx.paths.resources, icon, ctx.platform));
      if (ctx.platform === 'darwin') loaded.setTemplateImage(true);
      images.set(icon, loaded);
    }
    return loaded;
  };
  const feed: TrayFeed = startTrayFeed({ source: ctx.daemon, log: ctx.log });
  const tray: Tray = new TrayClass(image(trayModel(feed.state(), Date.now()).icon));
  const onAction = (action: TrayAction): void => {
    void performTrayAction(action, { daemon: ctx.daemon, windows: ctx.windows, state: feed.state, now: Date.now, quit: () => app.quit(), log: ctx.log });
  };

  let shownFace = '';
  let shownMenu = '';
  const render = (): void => {
    const view = trayModel(feed.state(), Date.now());
    const face = JSON.stringify([view.icon, view.title, view.tooltip]);
    if (face !== shownFace) {
      shownFace = face;
      tray.setImage(image(view.icon));
      if (ctx.platform === 'darwin') tray.setTitle(view.title);
      tray.setToolTip(view.tooltip);
    }
    // Apart: the look that opening the menu counts changes the icon, and replacing the menu then would close it.
    const menuKey = JSON.stringify(view.menu);
    if (menuKey === shownMenu) return;
    shownMenu = menuKey;
    const menu = Menu.buildFromTemplate(menuTemplate(view.menu, onAction));
    // Opening the menu is a look: "failed since last look" starts over.
    menu.on('menu-will-show', () => feed.looked());
    tray.setContextMenu(menu);
  };
  render();
  const offChange = feed.onChange(render);
  // Windows opens a tray's menu on right-click only; a left-click should too.
  if (ctx.platform === 'win32') tray.on('click', () => tray.popUpContextMenu());
  const onFocus = (): void => feed.looked();
  app.on('browser-window-focus', onFocus);

  ctx.lifecycle.onQuit(() => {
    offChange();
    feed.stop();
    app.removeListener('browser-window-focus', onFocus);
    tray.destroy();
  });
}
