#ifndef CPOSIX_H
#define CPOSIX_H
#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): both ends close-on-exec atomically, so a stage started
/// in parallel on another thread never inherits this stage's pipe.
int cposix_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np (glibc >= 2.29), hidden behind _GNU_SOURCE.
int cposix_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif

#ifndef CPOSIX_COPY_H
#define CPOSIX_COPY_H
/// Copies the file `from` to a new file `to` (created with `mode`): a reflink
/// (FICLONE) where the file system shares blocks, else an in-kernel
/// copy_file_range, else read/write. Returns 0, or -1 with errno set.
int cposix_clone_or_copy(const char *from, const char *to, unsigned int mode);
#endif
