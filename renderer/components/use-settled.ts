/** A value once it stopped changing: typed input asks the daemon after a pause, not per keystroke. */
import { useEffect, useState } from 'react';

/** `value` once its content (compared as JSON) has stayed the same for `ms`. */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps -- compared by content
  return settled;
}
