/** The Backfill view's two pages, loaded on demand: /backfill (a new backfill, the recent ones) and /backfill/:id (one, live). */
import '../launch/launch.css';
import './backfill.css';

export { BackfillStart } from './backfill-start.js';
export { BackfillDetail } from './backfill-detail.js';
