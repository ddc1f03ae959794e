#include "http/acceptor.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/log.h"

struct an_acceptor {
  struct MHD_Daemon *daemon;
  int fd;
  int wake[2]; /* written to by an_acceptor_stop */
  pthread_t thread;
};

int an_listen_socket(const struct sockaddr_storage *ss)
{
  int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  int on = 1;
  socklen_t len =
      ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0 ||
      bind(fd, (const struct sockaddr *)ss, len) != 0 || listen(fd, SOMAXCONN) != 0 ||
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

/* Out of descriptors (or memory): let connections close before trying again. */
static void pause_briefly(void)
{
  struct timespec ts = {0, 10 * 1000 * 1000};
  nanosleep(&ts, NULL);
}

/* Takes every connection waiting on the socket. */
static void accept_waiting(struct an_acceptor *a)
{
  for (;;) {
    struct sockaddr_storage peer;
    socklen_t len = sizeof peer;
    int c = accept4(a->fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (c < 0) {
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
        pause_briefly();
      return; /* EAGAIN, EINTR, ECONNABORTED ...: back to poll */
    }
    /* The library closes the socket itself when it cannot take it (connection limits). */
    (void)MHD_add_connection(a->daemon, c, (const struct sockaddr *)&peer, len);
  }
}

static void *run(void *cls)
{
  struct an_acceptor *a = cls;
  struct pollfd p[2] = {{a->fd, POLLIN, 0}, {a->wake[0], POLLIN, 0}};
  for (;;) {
    if (poll(p, 2, -1) < 0 && errno != EINTR)
      break;
    if (p[1].revents)
      break;
    if (p[0].revents)
      accept_waiting(a);
  }
  return NULL;
}

struct an_acceptor *an_acceptor_start(struct MHD_Daemon *d, int fd)
{
  struct an_acceptor *a = an_calloc(sizeof *a);
  a->daemon = d;
  a->fd = fd;
  if (pipe2(a->wake, O_CLOEXEC) != 0) {
    close(fd);
    free(a);
    return NULL;
  }
  if (pthread_create(&a->thread, NULL, run, a) != 0) {
    close(fd);
    close(a->wake[0]);
    close(a->wake[1]);
    free(a);
    return NULL;
  }
  return a;
}

void an_acceptor_stop(struct an_acceptor *a)
{
  if (!a)
    return;
  char b = 1;
  if (write(a->wake[1], &b, 1) != 1)
    an_log_bug("cannot wake the accept thread", NULL);
  pthread_join(a->thread, NULL);
  close(a->fd);
  close(a->wake[0]);
  close(a->wake[1]);
  free(a);
}
