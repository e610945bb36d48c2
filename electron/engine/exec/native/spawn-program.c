/* See spawn-program.h. */
#define _GNU_SOURCE
#include "spawn-program.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

static int is_executable_file(const char *path) {
  struct stat st;
  return access(path, X_OK) == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* execvp's search: the first executable regular file named `name` on `search` (relative to `cwd`). */
static char *find_on_path(const char *name, const char *search, const char *cwd) {
  if (!search) return NULL;
  size_t name_len = strlen(name), cwd_len = strlen(cwd);
  const char *dir = search;
  for (;;) {
    const char *end = strchr(dir, ':');
    size_t dir_len = end ? (size_t)(end - dir) : strlen(dir);
    char *candidate = malloc(cwd_len + dir_len + name_len + 4);
    if (!candidate) return NULL;
    size_t at = 0;
    if (dir_len == 0 || dir[0] != '/') {
      memcpy(candidate, cwd, cwd_len);
      at = cwd_len;
      candidate[at++] = '/';
    }
    memcpy(candidate + at, dir, dir_len);
    at += dir_len;
    if (dir_len > 0) candidate[at++] = '/';
    memcpy(candidate + at, name, name_len + 1);
    if (is_executable_file(candidate)) return candidate;
    free(candidate);
    if (!end) return NULL;
    dir = end + 1;
  }
}

/*
 * PATH lookups already made, by (name, PATH, cwd): a DAG runs the same few
 * programs thousands of times, and a miss costs an access() per PATH entry.
 * A hit is re-checked with one access() (the program may be gone).
 */
#define LOOKUP_CACHE 64
static struct {
  char *key;
  char *file;
} lookups[LOOKUP_CACHE];
static unsigned lookup_next;

static char *lookup_key(const char *name, const char *search, const char *cwd) {
  size_t a = strlen(name), b = strlen(search), c = strlen(cwd);
  char *key = malloc(a + b + c + 3);
  if (!key) return NULL;
  memcpy(key, name, a);
  key[a] = '\n';
  memcpy(key + a + 1, search, b);
  key[a + 1 + b] = '\n';
  memcpy(key + a + b + 2, cwd, c + 1);
  return key;
}

/* find_on_path through the cache; the result is the caller's to free. */
char *find_program(const char *name, const char *search, const char *cwd) {
  if (!search) return NULL;
  char *key = lookup_key(name, search, cwd);
  if (!key) return find_on_path(name, search, cwd);
  for (unsigned i = 0; i < LOOKUP_CACHE; i++) {
    if (lookups[i].key && strcmp(lookups[i].key, key) == 0) {
      free(key);
      if (access(lookups[i].file, X_OK) == 0) return strdup(lookups[i].file);
      return find_on_path(name, search, cwd);
    }
  }
  char *file = find_on_path(name, search, cwd);
  if (!file) {
    free(key);
    return NULL;
  }
  unsigned slot = lookup_next++ % LOOKUP_CACHE;
  free(lookups[slot].key);
  free(lookups[slot].file);
  lookups[slot].key = key;
  lookups[slot].file = strdup(file);
  if (!lookups[slot].file) {
    free(key);
    lookups[slot].key = NULL;
  }
  return file;
}

/* The inherited environment with the request's variables put over it. */
char **merge_env(char **extra, size_t extra_count) {
  size_t base = 0;
  while (environ[base]) base++;
  char **env = malloc(sizeof(char *) * (base + extra_count + 1));
  if (!env) return NULL;
  size_t n = 0;
  for (size_t i = 0; i < base; i++) {
    const char *eq = strchr(environ[i], '=');
    size_t name_len = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
    int overridden = 0;
    for (size_t j = 0; j < extra_count && !overridden; j++)
      if (strncmp(extra[j], environ[i], name_len) == 0 && extra[j][name_len] == '=') overridden = 1;
    if (!overridden) env[n++] = environ[i];
  }
  for (size_t j = 0; j < extra_count; j++) env[n++] = extra[j];
  env[n] = NULL;
  return env;
}

const char *env_value(char **env, const char *name) {
  size_t len = strlen(name);
  for (size_t i = 0; env[i]; i++)
    if (strncmp(env[i], name, len) == 0 && env[i][len] == '=') return env[i] + len + 1;
  return NULL;
}

/* Sets up the spawn of one attempt; 0, or the errno of the step that failed. */
int spawn_setup(posix_spawn_file_actions_t *actions, posix_spawnattr_t *attr, int log_fd, const char *cwd) {
  sigset_t all, none;
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  sigemptyset(&none);
  int err = posix_spawn_file_actions_addopen(actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!err) err = posix_spawn_file_actions_adddup2(actions, log_fd, STDOUT_FILENO);
  if (!err) err = posix_spawn_file_actions_adddup2(actions, log_fd, STDERR_FILENO);
  if (!err) err = posix_spawn_file_actions_addchdir_np(actions, cwd);
  if (!err) err = posix_spawnattr_setsigdefault(attr, &all);
  if (!err) err = posix_spawnattr_setsigmask(attr, &none);
  if (!err) err = posix_spawnattr_setpgroup(attr, 0);
  if (!err) err = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  return err;
}

/* posix_spawn, and like execvp a file without a #! line (ENOEXEC) runs through /bin/sh. */
int spawn_program(pid_t *pid, const char *path, posix_spawn_file_actions_t *actions, posix_spawnattr_t *attr, char **argv, size_t argc, char **env) {
  int err = posix_spawn(pid, path, actions, attr, argv, env);
  if (err != ENOEXEC) return err;
  char **sh_argv = malloc(sizeof(char *) * (argc + 3));
  if (!sh_argv) return ENOMEM;
  sh_argv[0] = "/bin/sh";
  sh_argv[1] = (char *)path;
  for (size_t i = 1; i <= argc; i++) sh_argv[i + 1] = argv[i]; /* argv[argc] is NULL */
  err = posix_spawn(pid, "/bin/sh", actions, attr, sh_argv, env);
  free(sh_argv);
  return err;
}

