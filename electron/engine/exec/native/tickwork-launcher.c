/*
 * tickwork-launcher: the native attempt launcher (see native-launcher.ts).
 *
 * One long-lived process per engine. It reads launch requests on stdin,
 * starts each attempt with posix_spawn (vfork speed: no copy of anyone's page
 * tables, no shell, no wrapper process) as the leader of its own process
 * group, with stdout and stderr going to the attempt's log, and is itself
 * the parent that waits for it. Every pid and exit status goes to the run's
 * status file and to stdout, which the engine reads.
 *
 * A capped log (LOGMAX > 0) reaches its file through a pipe the launcher
 * reads (log-cap.c keeps the head and a rolling tail within the cap), so the
 * cap holds while the engine is dead too; with LOGMAX 0 the attempt writes
 * the log itself. Before an exit is recorded, what the attempt left in its
 * pipe is in the log; output of processes it left behind is written while
 * the launcher lives (once it has exited, their writes get SIGPIPE).
 *
 * Why it survives the engine: it runs in its own session (the engine spawns
 * it detached). When the engine dies, stdin reads EOF; the launcher stops
 * taking requests, goes on reaping the attempts still running, records their
 * exit statuses, and exits when the last one has ended. A later engine reads
 * those statuses from the status file (adoption).
 *
 * The status line is written before the child is reaped (waitid WNOWAIT,
 * then waitpid): while an attempt's pid still exists, as a zombie or alive,
 * its status may be missing; once the pid is gone, the status is on disk.
 * An adopting engine relies on that order.
 *
 * Request (stdin): NUL-terminated fields
 *   ID LOG STATUS CWD MODE LOGMAX NENV ENV... NARGV ARGV...
 * LOGMAX: the log's cap in bytes, 0 for none.
 * MODE `a`: ARGV is run as is (ARGV[0] looked up on the request's PATH, else
 * the launcher's, as execvp does); MODE `s`: ARGV[0] is a script for
 * `/bin/sh -c`. ENV entries are NAME=VALUE and override the inherited
 * environment. A request cut short by EOF (the engine died while writing it)
 * is never run.
 *
 * Replies (stdout), one line each, sent in batches (see flush_replies):
 *   ID pid PID       the attempt started
 *   ID exit CODE     it exited with CODE
 *   ID signal N      it was killed by signal N
 *   ID error TEXT    it could not be started (nothing ran)
 * The status file gets the pid, exit and signal lines (never error lines).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log-cap.h"
#include "spawn-program.h"

extern char **environ;

typedef struct {
  pid_t pid;
  char id[32];
  int status_fd;
  LogWriter *log; /* its capped log, or NULL when it writes the log itself */
} Running;

static Running *running;
static size_t running_count, running_cap;

/* Capped logs still being written: of running attempts, and of ended ones whose pipe a process they left holds open. */
typedef struct {
  LogWriter *log;
  int attempt_ended;
} Output;

static Output *outputs;
static size_t output_count, output_cap;

/* Reads per wake-up from one pipe before the others get their turn. */
#define PUMP_READS 16

static int add_output(LogWriter *log) {
  if (output_count == output_cap) {
    size_t cap = output_cap ? output_cap * 2 : 16;
    Output *grown = realloc(outputs, cap * sizeof(Output));
    if (!grown) return 0;
    outputs = grown;
    output_cap = cap;
  }
  outputs[output_count].log = log;
  outputs[output_count].attempt_ended = 0;
  output_count++;
  return 1;
}

/* Frees the output at `i` once its pipe has closed and its attempt has ended. */
static void settle_output(size_t i) {
  if (!outputs[i].attempt_ended || log_writer_fd(outputs[i].log) >= 0) return;
  log_writer_free(outputs[i].log);
  outputs[i] = outputs[--output_count];
}

/*
 * Reads enough to empty a pipe at its largest (1 MB on Linux) and no more:
 * a process the attempt left behind may go on writing to it for ever.
 */
#define DRAIN_READS 32

/* The attempt writing to `log` has ended: what it left in the pipe goes to the log now, before its exit is recorded. */
static void end_output(LogWriter *log) {
  for (size_t i = 0; i < output_count; i++) {
    if (outputs[i].log != log) continue;
    log_writer_pump(log, DRAIN_READS);
    outputs[i].attempt_ended = 1;
    settle_output(i);
    return;
  }
}

/* Status files stay open while a run's attempts start (one open per run, not per attempt). */
#define STATUS_CACHE 16
static struct {
  char *path;
  int fd;
  unsigned long used;
} status_cache[STATUS_CACHE];
static unsigned long status_clock;

static int sigchld_pipe[2];
static int stdout_open = 1;

static void on_sigchld(int sig) {
  (void)sig;
  int saved = errno;
  ssize_t ignored = write(sigchld_pipe[1], "c", 1);
  (void)ignored;
  errno = saved;
}

static void write_all(int fd, const char *text, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, text, length);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;
    }
    text += n;
    length -= (size_t)n;
  }
}

/*
 * Replies wait in a buffer and go out together: with the next exit, or after
 * REPLY_DELAY_MS. Most attempts of a big DAG end within a millisecond, so
 * their pid and exit reach the engine in one wake-up instead of two, and
 * exits reaped together arrive together (the engine settles them in one
 * transaction).
 */
#define REPLY_DELAY_MS 2
static char replies[1 << 16];
static size_t replies_len;

static void flush_replies(void) {
  size_t done = 0;
  while (stdout_open && done < replies_len) {
    ssize_t w = write(STDOUT_FILENO, replies + done, replies_len - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        struct pollfd out = {STDOUT_FILENO, POLLOUT, 0};
        poll(&out, 1, 100);
        continue;
      }
      stdout_open = 0; /* the engine is gone: only the status files matter now */
      break;
    }
    done += (size_t)w;
  }
  replies_len = 0;
}

/* Queues one reply line to the engine (newlines in it become spaces). */
static void reply(const char *fmt, ...) {
  if (!stdout_open) return;
  char line[4096];
  va_list args;
  va_start(args, fmt);
  int n = vsnprintf(line, sizeof line - 1, fmt, args);
  va_end(args);
  if (n < 0) return;
  if ((size_t)n > sizeof line - 2) n = (int)(sizeof line - 2);
  for (int i = 0; i < n; i++)
    if (line[i] == '\n') line[i] = ' ';
  line[n] = '\n';
  if (replies_len + (size_t)n + 1 > sizeof replies) flush_replies();
  memcpy(replies + replies_len, line, (size_t)n + 1);
  replies_len += (size_t)n + 1;
}

/* Closes a status file once it is neither cached nor written to by a running attempt. */
static void release_status_fd(int fd) {
  if (fd < 0) return;
  for (int i = 0; i < STATUS_CACHE; i++)
    if (status_cache[i].path && status_cache[i].fd == fd) return;
  for (size_t i = 0; i < running_count; i++)
    if (running[i].status_fd == fd) return;
  close(fd);
}

/* The open status file at `path` (cached, least recently used evicted), or -1. */
static int status_fd_for(const char *path) {
  int free_slot = -1, oldest = 0;
  for (int i = 0; i < STATUS_CACHE; i++) {
    if (status_cache[i].path && strcmp(status_cache[i].path, path) == 0) {
      status_cache[i].used = ++status_clock;
      return status_cache[i].fd;
    }
    if (!status_cache[i].path) free_slot = i;
    else if (status_cache[i].used < status_cache[oldest].used) oldest = i;
  }
  int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return -1;
  int slot = free_slot >= 0 ? free_slot : oldest;
  if (status_cache[slot].path) {
    /* Forget the cache entry; the fd stays open while a running attempt still writes to it. */
    free(status_cache[slot].path);
    status_cache[slot].path = NULL;
    release_status_fd(status_cache[slot].fd);
  }
  status_cache[slot].path = strdup(path);
  status_cache[slot].fd = fd;
  status_cache[slot].used = ++status_clock;
  return fd;
}

static void record(int fd, const char *fmt, ...) {
  if (fd < 0) return;
  char line[128];
  va_list args;
  va_start(args, fmt);
  int n = vsnprintf(line, sizeof line, fmt, args);
  va_end(args);
  if (n > 0 && (size_t)n < sizeof line) write_all(fd, line, (size_t)n); /* O_APPEND: the line lands whole */
}

/* The attempt could not start: say why in its log and to the engine. */
static void refuse(const char *id, const char *log_path, const char *fmt, ...) {
  char message[2048];
  va_list args;
  va_start(args, fmt);
  vsnprintf(message, sizeof message, fmt, args);
  va_end(args);
  int fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) {
    write_all(fd, "tickwork: ", 10);
    write_all(fd, message, strlen(message));
    write_all(fd, "\n", 1);
    close(fd);
  }
  reply("%s error %s", id, message);
  flush_replies(); /* nothing will follow for this attempt */
}

static void track(pid_t pid, const char *id, int status_fd, LogWriter *log) {
  if (running_count == running_cap) {
    size_t cap = running_cap ? running_cap * 2 : 16;
    Running *grown = realloc(running, cap * sizeof(Running));
    if (!grown) return; /* never recorded, never reaped: the engine notices the pid gone (its liveness poll) */
    running = grown;
    running_cap = cap;
  }
  Running *r = &running[running_count++];
  r->pid = pid;
  snprintf(r->id, sizeof r->id, "%s", id);
  r->status_fd = status_fd;
  r->log = log;
}

/* PATH entries a "not on PATH" message shows (resolve-program.ts shows as many): a long PATH would bury the name. */
#define PATH_SHOWN 3

/* `search` for a message: its first PATH_SHOWN entries, then ":…" when there are more. */
static const char *short_path(const char *search, char *out, size_t size) {
  if (!search) return "(unset)";
  const char *rest = search;
  for (int i = 0; i < PATH_SHOWN && rest; i++) {
    rest = strchr(rest, ':');
    if (rest) rest++;
  }
  if (!rest) return search;
  snprintf(out, size, "%.*s:\xe2\x80\xa6", (int)(rest - 1 - search), search);
  return out;
}

/* Starts one attempt. `fields`: the request's strings, NULL after the last; the counts are checked. */
static void launch(char **fields, size_t env_count, size_t argv_count) {
  const char *id = fields[0], *log_path = fields[1], *status_path = fields[2], *cwd = fields[3], *mode = fields[4];
  unsigned long long log_max = strtoull(fields[5], NULL, 10);
  char **extra = fields + 7;
  char **args = fields + 8 + env_count;
  int script = mode[0] == 's';

  struct stat st;
  if (stat(cwd, &st) != 0) return refuse(id, log_path, "working directory %s does not exist", cwd);
  if (!S_ISDIR(st.st_mode)) return refuse(id, log_path, "working directory %s is not a directory", cwd);
  if (argv_count == 0 || args[0][0] == '\0') return refuse(id, log_path, "the command is empty");
  /* Before anything runs: an attempt whose pid and exit could not be recorded must not start. */
  int status_fd = status_fd_for(status_path);
  if (status_fd < 0) return refuse(id, log_path, "cannot open the status file %s: %s", status_path, strerror(errno));

  char **env = merge_env(extra, env_count);
  if (!env) return refuse(id, log_path, "out of memory");
  char *program = NULL;
  char *script_argv[5] = {"/bin/sh", "-c", NULL, "sh", NULL};
  char **argv = args;
  size_t argc = argv_count;
  if (script) {
    script_argv[2] = args[0];
    argv = script_argv;
    argc = 4;
    program = strdup("/bin/sh");
  } else if (strchr(args[0], '/')) {
    program = strdup(args[0]);
  } else {
    const char *search = env_value(env, "PATH");
    program = find_program(args[0], search, cwd);
    if (!program) {
      free(env);
      char shown[1024];
      return refuse(id, log_path, "command not found: %s (not on PATH: %s)", args[0], short_path(search, shown, sizeof shown));
    }
  }
  if (!program) {
    free(env);
    return refuse(id, log_path, "out of memory");
  }

  int log_fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    int err = errno;
    free(env);
    free(program);
    return refuse(id, log_path, "cannot open the log %s: %s", log_path, strerror(err));
  }
  /* A capped log: the attempt writes to a pipe, the launcher to the log. */
  int out_fd = log_fd, pipe_fds[2] = {-1, -1};
  LogWriter *log = NULL;
  if (log_max > 0) {
    if (pipe(pipe_fds) != 0) {
      int err = errno;
      close(log_fd);
      free(env);
      free(program);
      return refuse(id, log_path, "cannot make the pipe for the log: %s", strerror(err));
    }
    fcntl(pipe_fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(pipe_fds[1], F_SETFD, FD_CLOEXEC);
    fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
    out_fd = pipe_fds[1];
  }

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  int err = spawn_setup(&actions, &attr, out_fd, cwd);

  /* A relative program path is relative to the attempt's directory, as for execvp after a cd. */
  char *spawn_path = program;
  char *absolute = NULL;
  if (program[0] != '/') {
    absolute = malloc(strlen(cwd) + strlen(program) + 2);
    if (absolute) {
      sprintf(absolute, "%s/%s", cwd, program);
      spawn_path = absolute;
    } else if (!err) {
      err = ENOMEM;
    }
  }
  pid_t pid = 0;
  if (!err) err = spawn_program(&pid, spawn_path, &actions, &attr, argv, argc, env);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  free(env);
  free(absolute);
  if (log_max > 0) {
    close(pipe_fds[1]); /* the attempt holds it now: EOF once it and what it started have gone */
    log = err == 0 ? log_writer_new(log_path, log_fd, pipe_fds[0], log_max) : NULL;
    if (log && !add_output(log)) {
      log_writer_free(log);
      log = NULL;
    }
    if (!log) close(pipe_fds[0]); /* never read: the attempt's writes fail (SIGPIPE) */
    if (!log) close(log_fd);
  } else {
    close(log_fd);
  }
  if (err != 0) {
    /* Never echo a script: it may hold a value pasted in from a secret. */
    if (script) refuse(id, log_path, "cannot run /bin/sh: %s", strerror(err));
    else if (err == ENOENT && stat(cwd, &st) != 0) refuse(id, log_path, "working directory %s does not exist", cwd);
    else if (err == ENOENT) refuse(id, log_path, "command not found: %s", args[0]);
    else refuse(id, log_path, "cannot run %s: %s", program, strerror(err));
    free(program);
    release_status_fd(status_fd);
    return;
  }
  free(program);
  record(status_fd, "%s pid %ld\n", id, (long)pid);
  track(pid, id, status_fd, log);
  reply("%s pid %ld", id, (long)pid);
}

/*
 * Records and reaps every attempt that has ended (status first, then the
 * reap: see the file comment). Each tracked pid is asked on its own, and
 * only exits and deaths by signal count: some systems report stopped
 * children to waitid even without WSTOPPED.
 */
static void reap(void) {
  for (size_t i = 0; i < running_count;) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    pid_t pid = running[i].pid;
    int ended = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid &&
                (info.si_code == CLD_EXITED || info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED);
    if (!ended) {
      i++;
      continue;
    }
    const char *how = info.si_code == CLD_EXITED ? "exit" : "signal";
    if (running[i].log) end_output(running[i].log);
    record(running[i].status_fd, "%s %s %d\n", running[i].id, how, info.si_status);
    reply("%s %s %d", running[i].id, how, info.si_status);
    int status_fd = running[i].status_fd;
    running[i] = running[--running_count];
    release_status_fd(status_fd);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
  }
}

/* True for an attempt id: 1 to 20 digits (so status lines and the table's copy hold it whole). */
static int valid_id(const char *id) {
  size_t n = strlen(id);
  if (n == 0 || n > 20) return 0;
  for (size_t i = 0; i < n; i++)
    if (id[i] < '0' || id[i] > '9') return 0;
  return 1;
}

/* Most variables or words one request may declare (ARG_MAX allows about this many). */
#define MAX_COUNT (1 << 20)

/* A count field: digits only, at most `limit`. */
static int read_count(const char *text, size_t limit, size_t *out) {
  if (*text == '\0') return 0;
  size_t value = 0;
  for (const char *c = text; *c; c++) {
    if (*c < '0' || *c > '9' || value > limit) return 0;
    value = value * 10 + (size_t)(*c - '0');
  }
  if (value > limit) return 0;
  *out = value;
  return 1;
}

/* Field pointers of the request being parsed (grown as needed). */
static char **fields;
static size_t fields_cap;

/*
 * Parses whole requests from buf[0..len) and starts them; returns the bytes
 * consumed, or (size_t)-1 when the input is not a request at all (the engine
 * never sends that: the launcher then stops reading).
 */
static size_t take_requests(char *buf, size_t len) {
  size_t consumed = 0;
  for (;;) {
    size_t count = 0, at = consumed, env_count = 0, argv_count = 0, total = (size_t)-1, ignored = 0;
    while (count < total) {
      char *end = memchr(buf + at, '\0', len - at);
      if (!end) return consumed; /* the rest of this request has not arrived (or never will) */
      if (count + 1 >= fields_cap) {
        size_t cap = fields_cap ? fields_cap * 2 : 64;
        char **grown = realloc(fields, cap * sizeof(char *));
        if (!grown) return (size_t)-1;
        fields = grown;
        fields_cap = cap;
      }
      fields[count++] = buf + at;
      at = (size_t)(end - buf) + 1;
      if (count == 6 && !read_count(fields[5], (size_t)-1 / 16, &ignored)) return (size_t)-1; /* LOGMAX */
      if (count == 7 && !read_count(fields[6], MAX_COUNT, &env_count)) return (size_t)-1;
      if (count == 8 + env_count && count >= 8) {
        if (!read_count(fields[count - 1], MAX_COUNT, &argv_count)) return (size_t)-1;
        total = count + argv_count;
      }
    }
    fields[count] = NULL; /* ends ARGV for posix_spawn */
    if (!valid_id(fields[0])) return (size_t)-1;
    launch(fields, env_count, argv_count);
    consumed = at;
  }
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  if (pipe(sigchld_pipe) != 0) return 1;
  for (int i = 0; i < 2; i++) {
    fcntl(sigchld_pipe[i], F_SETFD, FD_CLOEXEC);
    fcntl(sigchld_pipe[i], F_SETFL, O_NONBLOCK);
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigchld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGCHLD, &sa, NULL);

  /* A capped attempt holds two descriptors (its pipe and its log): room for as many as the system allows. */
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }

  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  if (!buf) return 1;
  struct pollfd *fds = NULL;
  size_t fds_cap = 0;
  int input_open = 1;
  while (input_open || running_count > 0) {
    if (fds_cap < output_count + 2) {
      struct pollfd *grown = realloc(fds, (output_count + 2) * 2 * sizeof *fds);
      if (!grown) return 1;
      fds = grown;
      fds_cap = (output_count + 2) * 2;
    }
    fds[0] = (struct pollfd){input_open ? STDIN_FILENO : -1, POLLIN, 0};
    fds[1] = (struct pollfd){sigchld_pipe[0], POLLIN, 0};
    size_t polled = output_count;
    for (size_t i = 0; i < polled; i++) fds[2 + i] = (struct pollfd){log_writer_fd(outputs[i].log), POLLIN, 0};
    int ready = poll(fds, (nfds_t)(2 + polled), replies_len > 0 ? REPLY_DELAY_MS : -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    if (ready == 0) flush_replies(); /* pids of attempts still running after the delay */
    /* Output first: an exit reaped below then finds little left in its pipe. Backwards, as settling moves the last entry into a freed slot. */
    for (size_t i = polled; i-- > 0;) {
      if (fds[2 + i].revents == 0) continue;
      if (!log_writer_pump(outputs[i].log, PUMP_READS)) settle_output(i);
    }
    if (fds[1].revents) {
      char drain[64];
      while (read(sigchld_pipe[0], drain, sizeof drain) > 0) {
      }
      reap();
      flush_replies();
    }
    if (input_open && fds[0].revents) {
      if (len == cap) {
        char *grown = realloc(buf, cap * 2);
        if (!grown) return 1;
        buf = grown;
        cap *= 2;
      }
      ssize_t n = read(STDIN_FILENO, buf + len, cap - len);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        input_open = 0; /* the engine is gone or done: finish what runs, start nothing cut short */
        reap();
        flush_replies();
        continue;
      }
      len += (size_t)n;
      size_t used = take_requests(buf, len);
      if (used == (size_t)-1) {
        input_open = 0; /* not the engine's protocol: start nothing more, finish what runs */
        continue;
      }
      memmove(buf, buf + used, len - used);
      len -= used;
    }
  }
  /* Nothing runs and no engine listens: write what is waiting in the pipes processes left behind hold, and go. */
  for (size_t i = 0; i < output_count; i++) log_writer_pump(outputs[i].log, PUMP_READS);
  return 0;
}
