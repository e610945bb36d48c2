/** alerts.*: list, acknowledge and snooze alerts (transitions in alerts/alert-attention.ts). */
import type { AlertActionAnswer } from '../../../../shared/api-contract.js';
import { listAlerts } from '../../store/alert-store.js';
import { acknowledgeAlert, snoozeAlert, type AlertActionResult } from '../../alerts/alert-attention.js';
import { HttpError } from '../http-error.js';
import { wholeNumber } from './param-checks.js';
import type { FamilyMethods, MethodContext, MethodHandlers } from './method-context.js';

/** The handlers of the alerts family. */
export const alertMethods: MethodHandlers<FamilyMethods<'alerts'>> = {
  'alerts.list': ({ db }, p) => listAlerts(db, { all: p.all === true, limit: p.limit ?? 100 }),

  'alerts.ack': (ctx, { id }) => alertAnswer(ctx, acknowledgeAlert(ctx.db, wholeNumber(id, 'id'), ctx.now())),

  'alerts.snooze': (ctx, p) => {
    const forMs = wholeNumber(p.forMs, 'forMs');
    if (forMs === 0) throw new HttpError(400, 'forMs must be a positive number of milliseconds');
    const now = ctx.now();
    return alertAnswer(ctx, snoozeAlert(ctx.db, wholeNumber(p.id, 'id'), now + forMs, now));
  },
};

/** The API answer to an ack or snooze: 404 for no such alert; a change pokes live event streams. */
function alertAnswer(ctx: MethodContext, result: AlertActionResult): AlertActionAnswer {
  if (result.kind === 'not_found') throw new HttpError(404, 'no such alert');
  if (result.kind === 'unchanged') return { changed: false, why: result.why, alert: result.alert };
  ctx.journalChanged(); // live views hear of it now
  return { changed: true, alert: result.alert };
}
