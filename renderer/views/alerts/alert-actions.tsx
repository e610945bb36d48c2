/**
 * An open alert's actions: Acknowledge, and Snooze (a menu: one hour, or
 * until 06:00 tomorrow in the project's zone). The engine decides
 * (alerts.ack / alerts.snooze); its answer arrives through the event stream
 * for every view, and its refusal is shown in its words.
 */
import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import type { AlertRecord } from '../../../shared/alert-model.js';
import { attentionOf } from '../../../shared/alert-model.js';
import { useAlertAction } from '../../api/index.js';
import { snoozeChoices } from './alert-format.js';

/** What the actions need: the alert, the zone of its project, the time, and the id of the text naming the alert. */
export interface AlertActionsProps {
  readonly alert: AlertRecord;
  readonly timeZone: string;
  readonly now: number;
  readonly describedBy: string;
}

/** See the file comment. */
export function AlertActions({ alert, timeZone, now, describedBy }: AlertActionsProps) {
  const action = useAlertAction();
  const acknowledged = attentionOf(alert, now) === 'acknowledged';
  return (
    <div className="alert-actions">
      <Button className="button button-small" isDisabled={acknowledged || action.isPending} aria-describedby={describedBy} onPress={() => action.mutate({ id: alert.id, kind: 'ack' })}>
        Acknowledge
      </Button>
      <MenuTrigger>
        <Button className="button button-small" isDisabled={action.isPending} aria-describedby={describedBy}>
          Snooze <span aria-hidden="true">▾</span>
        </Button>
        <Popover className="menu-popover" placement="bottom end">
          <Menu className="menu" aria-label="Snooze" onAction={(key) => {
            const choice = snoozeChoices(Date.now(), timeZone).find((c) => c.id === key);
            if (choice) action.mutate({ id: alert.id, kind: 'snooze', forMs: choice.forMs });
          }}>
            {snoozeChoices(now, timeZone).map((choice) => (
              <MenuItem key={choice.id} id={choice.id} className="menu-item">
                {choice.label}
              </MenuItem>
            ))}
          </Menu>
        </Popover>
      </MenuTrigger>
      {action.isError && (
        <span className="alert-action-error" role="alert">
          {(action.error as Error).message}
        </span>
      )}
    </div>
  );
}
