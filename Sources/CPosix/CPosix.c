#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "CPosix.h"

int cposix_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

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

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* The guardian's SIGCHLD handler does nothing: its only job is to interrupt ppoll. */
static void cposix_note_child(int sig) { (void)sig; }

static void cposix_say(const char *text) {
  size_t n = 0;
  while (text[n]) n++;
  ssize_t ignored = write(2, text, n);
  (void)ignored;
}

static void cposix_close_from(int first) {
  if (close_range((unsigned)first, ~0U, 0) == 0) return;
  struct rlimit limit;
  int top = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536 ? (int)limit.rlim_cur : 65536;
  for (int fd = first; fd < top; fd++) close(fd);
}

/* Runs in the forked guardian, a copy of a multithreaded process: only
   async-signal-safe calls (raw system calls) from here to _exit/execve. */
static void cposix_guardian(const char *path, char *const argv[], char *const envp[], const char *directory,
                            int out_fd, int err_fd, int lock_fd, int life_fd, int status_fd) {
  /* The guardian is alone in a process group of its own: neither the terminal's
     Ctrl-C nor the runner's signals to the stage reach it. It blocks the usual
     termination signals anyway (blocked, not ignored: the stage inherits the mask
     and takes a signal that arrives before its exec as soon as it unblocks). */
  struct sigaction ignore = {0}, note = {0}, deflt = {0};
  ignore.sa_handler = SIG_IGN;
  note.sa_handler = cposix_note_child;
  deflt.sa_handler = SIG_DFL;
  sigset_t blocked;
  sigemptyset(&blocked);
  int guarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD};
  for (unsigned k = 0; k < sizeof guarded / sizeof guarded[0]; k++) sigaddset(&blocked, guarded[k]);
  sigprocmask(SIG_SETMASK, &blocked, NULL);
  sigaction(SIGPIPE, &ignore, NULL);
  sigaction(SIGCHLD, &note, NULL);

  /* Move the descriptors to fixed numbers: 0 /dev/null, 1 out, 2 err, 3 the repo
     lock (so the lock is held while any stage process lives), 4 life, 5 status. */
  int sources[5] = {out_fd, err_fd, lock_fd, life_fd, status_fd};
  int top = 5;
  for (int k = 0; k < 5; k++) if (sources[k] > top) top = sources[k];
  int moved[5];
  for (int k = 0; k < 5; k++) moved[k] = sources[k] >= 0 ? fcntl(sources[k], F_DUPFD, top + 1) : -1;
  int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd < 0 || moved[0] < 0 || moved[1] < 0 || moved[3] < 0 || moved[4] < 0) _exit(127);
  int null_moved = fcntl(null_fd, F_DUPFD, top + 1);
  dup2(null_moved, 0);
  for (int k = 0; k < 5; k++) {
    if (moved[k] >= 0) dup2(moved[k], k + 1);
    else close(k + 1);
  }
  cposix_close_from(6);

  pid_t stage = fork();
  if (stage < 0) {
    cposix_say("pipeline: cannot start the stage process\n");
    _exit(127);
  }
  if (stage == 0) {
    /* The stage's shell leads the stage's process group. */
    setpgid(0, 0);
    close(4);
    close(5);
    /* Default dispositions, whatever the runner inherited (nohup, a background job). */
    int reset[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD};
    for (unsigned k = 0; k < sizeof reset / sizeof reset[0]; k++) sigaction(reset[k], &deflt, NULL);
    if (chdir(directory) != 0) {
      cposix_say("pipeline: cannot enter the stage's working directory\n");
      _exit(127);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(path, argv, envp);
    cposix_say("pipeline: cannot run /bin/sh\n");
    _exit(127);
  }
  /* Both sides set the group, so it exists before the runner learns its id. */
  setpgid(stage, stage);
  close(0);
  close(1);
  close(2);
  int announced = stage;
  if (write(5, &announced, sizeof announced) != sizeof announced) {
    kill(-stage, SIGKILL);
    _exit(1);
  }

  sigset_t waiting;
  sigemptyset(&waiting);
  for (;;) {
    /* Observe the exit without reaping, so the stage's pid (the group id) cannot
       be reused before the group is killed. */
    siginfo_t info;
    info.si_pid = 0;
    if (waitid(P_PID, (id_t)stage, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == stage) {
      /* End every process the stage left behind, then report: nothing of this
         stage can write after its run ended. */
      kill(-stage, SIGKILL);
      int status = 0;
      waitpid(stage, &status, 0);
      ssize_t ignored = write(5, &status, sizeof status);
      (void)ignored;
      _exit(0);
    }
    struct pollfd life = {.fd = 4, .events = POLLIN, .revents = 0};
    int ready = ppoll(&life, 1, NULL, &waiting);
    if (ready > 0) {
      /* The runner is gone (its end of the life pipe closed): so is the stage. */
      kill(-stage, SIGKILL);
      _exit(1);
    }
  }
}

pid_t cposix_spawn_guarded(const char *path, char *const argv[], char *const envp[], const char *directory,
                           int out_fd, int err_fd, int lock_fd, int *life_fd, int *status_fd) {
  int life[2], status[2];
  if (pipe2(life, O_CLOEXEC) != 0) return -1;
  if (pipe2(status, O_CLOEXEC) != 0) {
    int saved = errno;
    close(life[0]);
    close(life[1]);
    errno = saved;
    return -1;
  }
  pid_t pid = fork();
  if (pid < 0) {
    int saved = errno;
    close(life[0]);
    close(life[1]);
    close(status[0]);
    close(status[1]);
    errno = saved;
    return -1;
  }
  if (pid == 0) {
    setpgid(0, 0);
    close(life[1]);
    close(status[0]);
    cposix_guardian(path, argv, envp, directory, out_fd, err_fd, lock_fd, life[0], status[1]);
    _exit(127);
  }
  setpgid(pid, pid);
  close(life[0]);
  close(status[1]);
  *life_fd = life[1];
  *status_fd = status[0];
  return pid;
}

#include <sys/socket.h>

int cposix_accept_nonblocking(int fd, struct sockaddr_in *address) {
  socklen_t length = sizeof *address;
  return accept4(fd, (struct sockaddr *)address, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
