/** How long to wait before the `attempt`-th reconnect (0-based): quick at first, then every 2 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(250 * 2 ** Math.max(0, attempt), 2000);
}
