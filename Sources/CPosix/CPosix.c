#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>
#include "CPosix.h"

int cposix_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int cposix_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
  return posix_spawn_file_actions_addchdir_np(actions, path);
}

#include <errno.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

int cposix_clone_or_copy(const char *from, const char *to, unsigned int mode) {
  int in = open(from, O_RDONLY | O_CLOEXEC);
  if (in < 0) return -1;
  int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (out < 0) {
    int saved = errno;
    close(in);
    errno = saved;
    return -1;
  }
  int result = 0;
  if (ioctl(out, FICLONE, in) != 0) {
    struct stat st;
    if (fstat(in, &st) != 0) {
      result = -1;
    } else {
      off_t left = st.st_size;
      while (left > 0) {
        ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0);
        if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
          char buffer[1 << 16];
          ssize_t r;
          while ((r = read(in, buffer, sizeof buffer)) > 0) {
            ssize_t done = 0;
            while (done < r) {
              ssize_t w = write(out, buffer + done, (size_t)(r - done));
              if (w < 0) { if (errno == EINTR) continue; result = -1; break; }
              done += w;
            }
            if (result != 0) break;
          }
          if (r < 0) result = -1;
          break;
        }
        if (n < 0) { if (errno == EINTR) continue; result = -1; break; }
        if (n == 0) break;
        left -= n;
      }
    }
  }
  if (result == 0 && fsync(out) != 0) result = -1;
  int saved = errno;
  close(in);
  close(out);
  if (result != 0) { unlink(to); errno = saved; }
  return result;
}
