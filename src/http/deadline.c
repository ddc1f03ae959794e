#include "http/deadline.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "core/periodic.h"
#include "core/time.h"

struct conn {
  struct conn *prev, *next;
  int fd;
  enum an_conn_phase phase;
  int64_t since_us; /* monotonic */
  bool cut;         /* shut down already */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn *head;
static int64_t limit_us[2]; /* by phase: headers, body */
static struct an_periodic *reaper;

/* A connection's socket is closed by libmicrohttpd only after the CLOSED notification, which
 * takes the lock: under the lock, a tracked fd is still that connection's socket. */
static void reap(void *arg)
{
  (void)arg;
  int64_t now = an_time_mono_us();
  pthread_mutex_lock(&lock);
  for (struct conn *c = head; c; c = c->next) {
    if (c->cut || c->phase == AN_PHASE_BUSY || now - c->since_us <= limit_us[c->phase])
      continue;
    shutdown(c->fd, SHUT_RDWR);
    c->cut = true;
  }
  pthread_mutex_unlock(&lock);
}

bool an_deadline_start(long header_s, long body_s)
{
  limit_us[AN_PHASE_HEADERS] = (int64_t)header_s * 1000000;
  limit_us[AN_PHASE_BODY] = (int64_t)body_s * 1000000;
  reaper = an_periodic_start(reap, NULL, 200);
  return reaper != NULL;
}

void an_deadline_stop(void)
{
  an_periodic_stop(reaper);
  reaper = NULL;
}

static void track(struct MHD_Connection *conn, void **socket_context)
{
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
  struct conn *c = calloc(1, sizeof *c);
  if (!ci || !c) {
    free(c);
    return;
  }
  c->fd = ci->connect_fd;
  c->phase = AN_PHASE_HEADERS;
  c->since_us = an_time_mono_us();
  pthread_mutex_lock(&lock);
  c->next = head;
  if (head)
    head->prev = c;
  head = c;
  pthread_mutex_unlock(&lock);
  *socket_context = c;
}

static void untrack(void **socket_context)
{
  struct conn *c = *socket_context;
  if (!c)
    return;
  pthread_mutex_lock(&lock);
  if (c->prev)
    c->prev->next = c->next;
  else
    head = c->next;
  if (c->next)
    c->next->prev = c->prev;
  pthread_mutex_unlock(&lock);
  free(c);
  *socket_context = NULL;
}

void an_deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                        enum MHD_ConnectionNotificationCode code)
{
  (void)cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED)
    track(conn, socket_context);
  else
    untrack(socket_context);
}

void an_deadline_phase(struct MHD_Connection *conn, enum an_conn_phase phase)
{
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  struct conn *c = ci ? ci->socket_context : NULL;
  if (!c)
    return;
  pthread_mutex_lock(&lock);
  c->phase = phase;
  c->since_us = an_time_mono_us();
  pthread_mutex_unlock(&lock);
}
