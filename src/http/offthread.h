/* Runs the slow part of a request (a password hash) away from the worker threads. libmicrohttpd
 * pins each connection to one worker, so a handler that blocks its worker for the length of an
 * argon2id hash holds up every other connection of that worker (a read behind a login flood
 * waited for the logins ahead of it). Instead the request's connection is suspended, its job runs
 * on a small pool of its own with its own database connection, and the connection resumes with
 * the reply the job made; the worker meanwhile serves its other connections. */
#ifndef AN_HTTP_OFFTHREAD_H
#define AN_HTTP_OFFTHREAD_H
#include <stdbool.h>

#include "http/reply.h"

/* A job: does what the handler would have done, ending with one an_reply_... call. r->db is the
 * pool thread's own database connection while it runs; arg is what the handler passed. */
typedef an_ret (*an_offthread_fn)(struct an_request *r, void *arg);

/* Starts the pool with threads threads (<= 0: the number of online cores). False when no thread
 * could start (jobs then run inline, on the worker). Call once, before the daemon starts. */
bool an_offthread_start(long threads);
/* Runs every queued job to its end (so no connection stays suspended) and joins the threads.
 * Call before MHD_stop_daemon. */
void an_offthread_stop(void);
/* From a handler: suspends r's connection and queues fn(r, arg) on the pool; returns what the
 * handler returns. Without a running pool, runs fn(r, arg) at once. arg (a heap block, or NULL)
 * is freed after fn returns. */
an_ret an_reply_offthread(struct an_request *r, an_offthread_fn fn, void *arg);
/* From the access handler, when a suspended request resumes: queues the reply its job made. */
an_ret an_offthread_resume(struct an_request *r);

#endif
