/*
 * Starting one program the way execvp would, for tickwork-launcher.c: the
 * PATH lookup (cached), the environment an attempt gets, and posix_spawn with
 * the attempt's process group, signals, stdio and directory.
 */
#ifndef TICKWORK_SPAWN_PROGRAM_H
#define TICKWORK_SPAWN_PROGRAM_H

#include <spawn.h>
#include <stddef.h>
#include <sys/types.h>

/* execvp's search for `name` on `search` (relative entries from `cwd`), cached; NULL when not found. The result is the caller's to free. */
char *find_program(const char *name, const char *search, const char *cwd);

/* The inherited environment with `extra` (NAME=VALUE) put over it; the array is the caller's to free (not its strings). */
char **merge_env(char **extra, size_t extra_count);

/* The value of `name` in `env`, or NULL. */
const char *env_value(char **env, const char *name);

/* Sets up the spawn of one attempt; 0, or the errno of the step that failed. */
int spawn_setup(posix_spawn_file_actions_t *actions, posix_spawnattr_t *attr, int log_fd, const char *cwd);

/* posix_spawn, and like execvp a file without a #! line (ENOEXEC) runs through /bin/sh. */
int spawn_program(pid_t *pid, const char *path, posix_spawn_file_actions_t *actions, posix_spawnattr_t *attr, char **argv, size_t argc, char **env);

#endif
