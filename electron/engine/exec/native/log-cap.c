/* See log-cap.h. */
#define _GNU_SOURCE
#include "log-cap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

typedef unsigned long long u64;

struct LogWriter {
  int in_fd;
  int log_fd;
  int rw_fd;  /* the log opened for cuts (positioned writes: O_APPEND would append them) */
  int cut_fd; /* <log>.cut */
  char *path;
  u64 max;
  u64 size;       /* the log's length */
  u64 head;       /* the head's length, fixed by the first cut */
  u64 tail_from;  /* output offset of the tail's first byte */
  u64 seq;        /* cuts so far, twice (odd while one is under way) */
  size_t marker_len;
  int head_newline; /* the head ends at a line break: the marker needs none before it */
  int broken;       /* a cut failed: output past the cap is dropped, the cap still holds */
};

#define BLOCK 65536
static char input[BLOCK];  /* what one read of a pipe brought */
static char moving[BLOCK]; /* the tail on its way down the file */

/* How far a cut looks for a line break to end the head at, or to start the tail at. */
#define LINE_WINDOW 4096

static int write_at(int fd, const char *data, size_t length, u64 offset) {
  while (length > 0) {
    ssize_t n = pwrite(fd, data, length, (off_t)offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    data += n;
    length -= (size_t)n;
    offset += (u64)n;
  }
  return 0;
}

static ssize_t read_at(int fd, char *data, size_t length, u64 offset) {
  size_t done = 0;
  while (done < length) {
    ssize_t n = pread(fd, data + done, length - done, (off_t)(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break;
    done += (size_t)n;
  }
  return (ssize_t)done;
}

static int is_continuation(unsigned char c) { return (c & 0xc0) == 0x80; }

/* `count` with thousands separators, as shared/sizes.ts groupDigits. */
static void group_digits(u64 count, char *out, size_t size) {
  char plain[32];
  int n = snprintf(plain, sizeof plain, "%llu", count);
  size_t at = 0;
  for (int i = 0; i < n && at + 2 < size; i++) {
    if (i > 0 && (n - i) % 3 == 0) out[at++] = ',';
    out[at++] = plain[i];
  }
  out[at] = '\0';
}

/* A size as shared/sizes.ts formatSize writes it (tenths rounded half up, in integers). */
static void format_size(u64 bytes, char *out, size_t size) {
  static const struct {
    const char *unit;
    u64 bytes;
  } units[] = {{"GB", 1ULL << 30}, {"MB", 1ULL << 20}, {"KB", 1ULL << 10}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    if (bytes < units[i].bytes) continue;
    u64 tenths = (bytes * 10 + units[i].bytes / 2) / units[i].bytes;
    if (tenths % 10 == 0) snprintf(out, size, "%llu %s", tenths / 10, units[i].unit);
    else snprintf(out, size, "%llu.%llu %s", tenths / 10, tenths % 10, units[i].unit);
    return;
  }
  snprintf(out, size, "%llu %s", bytes, bytes == 1 ? "byte" : "bytes");
}

/* The marker line (as log-cap.ts logMarker writes it); returns its length. */
static size_t marker_text(const LogWriter *w, char *out, size_t size) {
  char cut[40], cap[40];
  group_digits(w->tail_from - w->head, cut, sizeof cut);
  format_size(w->max, cap, sizeof cap);
  int n = snprintf(out, size, "%s\xe2\x80\xa6 [tickwork: %s bytes cut from the middle; log_max %s] \xe2\x80\xa6\n", w->head_newline ? "" : "\n", cut, cap);
  return n < 0 ? 0 : (size_t)n;
}

static void write_cut_file(LogWriter *w) {
  if (w->cut_fd < 0) {
    size_t length = strlen(w->path);
    char *cut_path = malloc(length + 5);
    if (!cut_path) return;
    memcpy(cut_path, w->path, length);
    memcpy(cut_path + length, ".cut", 5);
    w->cut_fd = open(cut_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    free(cut_path);
    if (w->cut_fd < 0) return;
  }
  char line[128];
  int n = snprintf(line, sizeof line, "%020llu %020llu %020llu %020llu\n", w->seq, w->head, (u64)w->marker_len, w->tail_from);
  if (n > 0) write_at(w->cut_fd, line, (size_t)n, 0);
}

/* The first cut: the head ends at the last line break near half the cap, else at a whole character. */
static void fix_head(LogWriter *w) {
  u64 end = w->max / 2 < w->size ? w->max / 2 : w->size;
  u64 window = end / 2 < LINE_WINDOW ? end / 2 : LINE_WINDOW;
  ssize_t got = read_at(w->rw_fd, moving, (size_t)window, end - window);
  int found = 0;
  for (ssize_t i = got - 1; i >= 0 && !found; i--) {
    if (moving[i] == '\n') {
      end = end - window + (u64)i + 1;
      found = 1;
    }
  }
  if (!found) {
    unsigned char c;
    for (int k = 0; k < 3 && end > 0 && read_at(w->rw_fd, (char *)&c, 1, end) == 1 && is_continuation(c); k++) end--;
  }
  unsigned char last = '\n';
  if (end > 0 && read_at(w->rw_fd, (char *)&last, 1, end - 1) != 1) last = '\n';
  w->head = end;
  w->tail_from = end;
  w->marker_len = 0;
  w->head_newline = last == '\n';
}

/* Drops the older half of the tail (all of it past the head, the first time) and rewrites the marker; 0 when it could not. */
static int cut(LogWriter *w) {
  if (w->rw_fd < 0) w->rw_fd = open(w->path, O_RDWR | O_CLOEXEC);
  struct stat st;
  if (w->rw_fd < 0 || fstat(w->rw_fd, &st) != 0) return 0;
  w->size = (u64)st.st_size; /* the engine may have appended a line of its own */
  if (w->seq == 0) fix_head(w);
  u64 budget = w->max - w->max / 2;
  u64 region = w->head + w->marker_len;
  u64 keep = budget / 2;
  if (keep > w->size - region) keep = w->size - region;
  u64 from = w->size - keep;
  /* The tail starts after the first line break near its start, else at a whole character. */
  u64 window = keep / 4 < LINE_WINDOW ? keep / 4 : LINE_WINDOW;
  ssize_t got = read_at(w->rw_fd, moving, (size_t)window, from);
  int found = 0;
  for (ssize_t i = 0; i < got && !found; i++) {
    if (moving[i] == '\n') {
      from += (u64)i + 1;
      found = 1;
    }
  }
  for (ssize_t i = 0; !found && i < 3 && i < got && is_continuation((unsigned char)moving[i]); i++) from++;
  w->tail_from += from - region;
  char marker[256];
  size_t marker_len = marker_text(w, marker, sizeof marker);
  u64 to = w->head + marker_len;
  if (to > from) return 0; /* the marker would cover tail bytes still to move (a 1 KB cap leaves 256 bytes to spare) */
  w->seq++;
  write_cut_file(w);
  u64 length = w->size - from;
  for (u64 done = 0; done < length;) {
    size_t step = length - done < BLOCK ? (size_t)(length - done) : BLOCK;
    ssize_t n = read_at(w->rw_fd, moving, step, from + done);
    if (n <= 0 || write_at(w->rw_fd, moving, (size_t)n, to + done) != 0) return 0;
    done += (u64)n;
  }
  if (write_at(w->rw_fd, marker, marker_len, w->head) != 0 || ftruncate(w->rw_fd, (off_t)(to + length)) != 0) return 0;
  w->size = to + length;
  w->marker_len = marker_len;
  w->seq++;
  write_cut_file(w);
  return 1;
}

static void append(LogWriter *w, const char *data, size_t n) {
  while (n > 0 && !w->broken) {
    u64 limit = w->max == 0 ? (u64)-1 : w->seq == 0 ? w->max : w->head + w->marker_len + (w->max - w->max / 2);
    u64 room = w->size < limit ? limit - w->size : 0;
    if (room == 0) {
      if (!cut(w)) w->broken = 1;
      continue;
    }
    size_t step = n < room ? n : (size_t)room;
    ssize_t written = write(w->log_fd, data, step); /* O_APPEND */
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return; /* a full disk: this output is lost, as it would be for the attempt itself */
    w->size += (u64)written;
    data += written;
    n -= (size_t)written;
  }
}

LogWriter *log_writer_new(const char *path, int log_fd, int in_fd, unsigned long long max) {
  LogWriter *w = calloc(1, sizeof *w);
  if (!w) return NULL;
  w->path = strdup(path);
  if (!w->path) {
    free(w);
    return NULL;
  }
  struct stat st;
  w->in_fd = in_fd;
  w->log_fd = log_fd;
  w->rw_fd = -1;
  w->cut_fd = -1;
  w->max = max;
  w->size = fstat(log_fd, &st) == 0 ? (u64)st.st_size : 0;
  return w;
}

int log_writer_fd(const LogWriter *w) { return w->in_fd; }

int log_writer_pump(LogWriter *w, int limit) {
  if (w->in_fd < 0) return 0;
  for (int reads = 0; reads < limit; reads++) {
    ssize_t n = read(w->in_fd, input, sizeof input);
    if (n > 0) {
      append(w, input, (size_t)n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 1;
    close(w->in_fd); /* EOF: every process holding the pipe has ended */
    w->in_fd = -1;
    return 0;
  }
  return 1;
}

void log_writer_free(LogWriter *w) {
  if (w->in_fd >= 0) close(w->in_fd);
  close(w->log_fd);
  if (w->rw_fd >= 0) close(w->rw_fd);
  if (w->cut_fd >= 0) close(w->cut_fd);
  free(w->path);
  free(w);
}
