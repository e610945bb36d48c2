/*
 * The capped attempt log, for tickwork-launcher.c: an attempt's stdout and
 * stderr come to the launcher through a pipe, and this writes them to the
 * log so that it never grows past its cap (log_max) plus one marker line.
 *
 * The log keeps its head (about the first half of the cap) and a rolling
 * tail. Until the cap is reached the log is the output as written. Then the
 * first cut fixes the head (ending at a line break when there is one near
 * half the cap), puts the marker line after it
 *   … [tickwork: 1,234,567 bytes cut from the middle; log_max 64 KB] …
 * and keeps half of the tail budget (the cap minus the head) from the end of
 * the output; the tail grows again until the budget is full, and each later
 * cut drops the older half of it and rewrites the marker with the new count.
 * The tail moves within the file (pread/pwrite, 64 KB at a time), so memory
 * stays one buffer however big the output: the final log holds the head, the
 * marker and between half and all of the tail budget of the latest output.
 *
 * Readers following a log while it is cut learn where its bytes went from
 * `<log>.cut`, one fixed-width line rewritten in place at each cut:
 *   SEQ HEAD MARKER_LEN TAIL_FROM
 * (an odd SEQ while a cut is under way; HEAD: the head's length and the
 * marker's offset; TAIL_FROM: the output offset of the tail's first byte).
 * electron/engine/util/log-cursor.ts reads it.
 */
#ifndef TICKWORK_LOG_CAP_H
#define TICKWORK_LOG_CAP_H

typedef struct LogWriter LogWriter;

/* A writer of the output read from `in_fd` (non-blocking) into the log at `path`, open as `log_fd` (O_APPEND); NULL when out of memory. */
LogWriter *log_writer_new(const char *path, int log_fd, int in_fd, unsigned long long max);

/* The pipe end to poll, or -1 once it has closed (every writer of the output has gone). */
int log_writer_fd(const LogWriter *w);

/* Writes what the pipe holds now (at most `limit` reads of 64 KB); returns 0 once the pipe has closed. */
int log_writer_pump(LogWriter *w, int limit);

/* Closes the pipe and the log and frees the writer. */
void log_writer_free(LogWriter *w);

#endif
