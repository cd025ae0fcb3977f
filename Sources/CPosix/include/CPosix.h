#ifndef CPOSIX_H
#define CPOSIX_H
#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close-on-exec atomically, so a stage started
/// in parallel on another thread never inherits this stage's pipe.
int cposix_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np (glibc >= 2.29), hidden behind _GNU_SOURCE.
int cposix_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
