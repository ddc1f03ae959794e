/* A background thread that runs one function at start and then every interval, until stopped:
 * the shape of the audit retention job and the market worker. Stopping wakes it from its wait
 * and waits for a run in progress to finish. */
#ifndef AN_CORE_PERIODIC_H
#define AN_CORE_PERIODIC_H

struct an_periodic;

/* Starts the thread; NULL when it cannot start. */
struct an_periodic *an_periodic_start(void (*run)(void *arg), void *arg, long interval_ms);
/* Stops the thread, waits for it and frees p. NULL is ignored. */
void an_periodic_stop(struct an_periodic *p);

#endif
