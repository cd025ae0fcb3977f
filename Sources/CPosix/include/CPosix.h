#ifndef CPOSIX_H
#define CPOSIX_H

/// pipe2(fds, O_CLOEXEC): both ends close-on-exec atomically, so a stage started
/// in parallel on another thread never inherits this stage's pipe.
int cposix_pipe_cloexec(int fds[2]);

#endif

#ifndef CPOSIX_COPY_H
#define CPOSIX_COPY_H
/// Copies the file `from` to a new file `to` (created with `mode`): a reflink
/// (FICLONE) where the file system shares blocks, else an in-kernel
/// copy_file_range, else read/write. Returns 0, or -1 with errno set.
int cposix_clone_or_copy(const char *from, const char *to, unsigned int mode);
#endif

#ifndef CPOSIX_SPAWN_H
#define CPOSIX_SPAWN_H
#include <sys/types.h>
/// Starts `path` (with `argv`, `envp`, in `directory`) under a guardian process:
/// the stage leads a new process group, with stdin /dev/null, stdout `out_fd`,
/// stderr `err_fd`, and `lock_fd` (the repository lock, or -1) inherited as fd 3,
/// so the lock is held while any process of the stage lives. The guardian first
/// writes the stage's pid (its group id) to `*status_fd`; when the stage exits it
/// SIGKILLs the rest of the group and writes the stage's wait status; when the
/// caller dies (the write end `*life_fd` closes) it SIGKILLs the group at once.
/// The caller keeps `*life_fd` open until it has reaped the guardian.
/// Returns the guardian's pid, or -1 with errno set.
pid_t cposix_spawn_guarded(const char *path, char *const argv[], char *const envp[], const char *directory,
                           int out_fd, int err_fd, int lock_fd, int *life_fd, int *status_fd);
#endif

#ifndef CPOSIX_EPOLL_H
#define CPOSIX_EPOLL_H
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
/// accept4(fd, address, SOCK_NONBLOCK | SOCK_CLOEXEC): the new socket is set up in the
/// one call (Swift cannot pass glibc's transparent sockaddr union to accept4 itself).
/// Returns the descriptor, or -1 with errno set.
int cposix_accept_nonblocking(int fd, struct sockaddr_in *address);
#endif
