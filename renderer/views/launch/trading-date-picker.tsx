/**
 * The run date: a YYYY-MM-DD field with a calendar beside it whose days
 * show whether NYSE trades (calendar.days: weekends and holidays closed,
 * early closes noted). The field's description says what the chosen day is,
 * so a screen reader hears it too. Empty means today in the project's zone.
 */
import { useMemo, useState } from 'react';
import { Button, Calendar, CalendarCell, CalendarGrid, Dialog, DialogTrigger, Heading, Popover } from 'react-aria-components';
import { parseDate, type CalendarDate } from '@internationalized/date';
import { useCalendarDays } from '../../api/index.js';

/** The date field's props. */
export interface TradingDatePickerProps {
  readonly id: string;
  readonly value: string;
  readonly onChange: (date: string) => void;
  /** A problem with the value (shown under the field, tied to it). */
  readonly error: string | null;
}

/** What kind of day `date` is on NYSE, as the description reads it. */
function dayWords(date: string, closed: ReadonlyMap<string, { why: string; name: string | null }>, early: ReadonlyMap<string, string>): string {
  const off = closed.get(date);
  if (off) return off.why === 'holiday' ? `NYSE closed: ${off.name ?? 'holiday'}` : 'Weekend: NYSE closed';
  const half = early.get(date);
  return half ? `NYSE trading day, early close (${half})` : 'NYSE trading day';
}

/** See the file comment. */
export function TradingDatePicker({ id, value, onChange, error }: TradingDatePickerProps) {
  const parsed = useMemo(() => safeParse(value), [value]);
  const [focused, setFocused] = useState<CalendarDate>(() => parsed ?? todayDate());
  const year = focused.year;
  const days = useCalendarDays('NYSE', `${year - 1}-01-01`, `${year + 1}-12-31`);
  const closed = useMemo(() => new Map((days.data?.closed ?? []).map((d) => [d.date, d] as const)), [days.data]);
  const early = useMemo(() => new Map((days.data?.earlyCloses ?? []).map((d) => [d.date, d.name] as const)), [days.data]);
  const describe = `${id}-about`;
  const errorId = `${id}-error`;
  return (
    <div className="field date-field">
      <label className="field-label" htmlFor={id}>
        Date
      </label>
      <div className="date-row">
        <input
          id={id}
          type="text"
          inputMode="numeric"
          placeholder="today"
          autoComplete="off"
          value={value}
          aria-invalid={error !== null}
          aria-describedby={error ? `${errorId} ${describe}` : describe}
          onChange={(e) => {
            onChange(e.target.value);
            const date = safeParse(e.target.value);
            if (date) setFocused(date);
          }}
        />
        <DialogTrigger>
          <Button className="button button-icon" aria-label="Choose the date on a calendar">
            <span className="calendar-icon" aria-hidden="true" />
          </Button>
          <Popover className="popover" placement="bottom start">
            <Dialog className="calendar-dialog" aria-label="Run date, NYSE trading days marked">
              {({ close }) => (
                <Calendar
                  autoFocus
                  aria-label="Run date"
                  {...(parsed ? { value: parsed } : {})}
                  focusedValue={focused}
                  onFocusChange={setFocused}
                  onChange={(date) => {
                    onChange(date.toString());
                    close();
                  }}
                >
                  <header className="calendar-head">
                    <Button slot="previous" className="button button-quiet button-small">
                      ‹
                    </Button>
                    <Heading className="calendar-title" />
                    <Button slot="next" className="button button-quiet button-small">
                      ›
                    </Button>
                  </header>
                  <CalendarGrid className="calendar-grid">
                    {(date) => {
                      const off = closed.get(date.toString());
                      return (
                        <CalendarCell
                          date={date}
                          className={({ isSelected, isOutsideMonth, isFocusVisible }) =>
                            ['calendar-cell', off ? (off.why === 'holiday' ? 'is-holiday' : 'is-weekend') : 'is-trading', isSelected ? 'is-selected' : '', isOutsideMonth ? 'is-outside' : '', isFocusVisible ? 'is-focus' : ''].join(' ')
                          }
                        />
                      );
                    }}
                  </CalendarGrid>
                  <p className="calendar-legend">
                    <span className="legend-trading">NYSE trading day</span>
                    <span className="legend-holiday">holiday</span>
                    <span className="legend-weekend">weekend</span>
                  </p>
                </Calendar>
              )}
            </Dialog>
          </Popover>
        </DialogTrigger>
      </div>
      {error && (
        <span id={errorId} className="field-error-inline">
          {error}
        </span>
      )}
      <span id={describe} className="field-hint">
        {parsed ? `${parsed.toString()}: ${dayWords(parsed.toString(), closed, early)}` : value === '' ? "Empty: today in the project's time zone" : 'YYYY-MM-DD'}
      </span>
    </div>
  );
}

/** `text` as a date when it is a real YYYY-MM-DD one, else null. */
export function safeParse(text: string): CalendarDate | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  try {
    const date = parseDate(text);
    return date.toString() === text ? date : null;
  } catch {
    return null;
  }
}

function todayDate(): CalendarDate {
  const now = new Date();
  return parseDate(`${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`);
}
