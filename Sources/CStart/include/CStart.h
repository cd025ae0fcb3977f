#ifndef CSTART_H
#define CSTART_H
/// 1 when the start-up constructor blocked SIGINT (it runs before `main`).
int cstart_signals_blocked(void);
#endif
