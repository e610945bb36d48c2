/** The current time, ticking every second while `ticking` (a running run's duration), still otherwise: no timer when nothing runs. */
import { useEffect, useState } from 'react';

/** See the file comment. */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
