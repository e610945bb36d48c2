/**
 * Slack-compatible webhook delivery: a JSON POST whose `text` reads well in
 * Slack, Mattermost or Teams' Slack endpoint, plus a `tickwork` object with
 * the structured alert for anything else. Webhook URLs are secrets (Slack's
 * carry a token in the path), so errors and logs name only the origin.
 */
import type { AlertRecord } from '../../../shared/alert-model.js';
import type { DeliveryChange } from '../store/delivery-store.js';

/** The JSON body posted for an alert change. */
export function webhookPayload(alert: AlertRecord, change: DeliveryChange): Record<string, unknown> {
  const mark = change === 'resolved' ? 'RESOLVED' : alert.severity === 'error' ? 'ALERT' : 'WARNING';
  const tail = change === 'resolved' ? (alert.resolution ? ` (${alert.resolution})` : '') : change === 'reminder' ? ' (still open after a snooze)' : '';
  return {
    text: `[${mark}] ${alert.title}: ${alert.body}${tail}`,
    tickwork: { change, alert },
  };
}

/** POSTs `payload` to `url`; rejects with a message naming only the URL's origin on a network error, a timeout or a non-2xx status. */
export async function postWebhook(url: string, payload: unknown, timeoutMs = 10_000): Promise<void> {
  const where = redactUrl(url);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'tickwork' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new Error(`webhook ${where}: ${cause === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : cause}`);
  }
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`webhook ${where}: HTTP ${response.status}`);
}

/** The URL with its path, query and credentials hidden: `https://hooks.slack.com/…`. */
export function redactUrl(url: string): string {
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(invalid URL)';
  }
}
