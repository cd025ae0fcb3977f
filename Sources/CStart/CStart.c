#include <signal.h>
#include "CStart.h"

/* Runs when the executable is initialised, before the Swift runtime and `main`:
   from here on SIGINT, SIGTERM and SIGHUP stay pending until `main` takes them on
   its signal thread, so an early Ctrl-C ends with 130 instead of killing the process
   half-started. Only the `pipeline` executable links this file. */
__attribute__((constructor)) static void cstart_block_signals(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigprocmask(SIG_BLOCK, &set, 0);
}

int cstart_signals_blocked(void) {
  sigset_t now;
  sigprocmask(SIG_BLOCK, 0, &now);
  return sigismember(&now, SIGINT) == 1;
}
