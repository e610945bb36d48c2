/** The error a method handler or the HTTP edge throws to answer with a status (4xx) and a message. */

/** A user error with an HTTP status: 400 bad params, 404 unknown thing, 409 illegal transition, 413 body too large. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
