/* The server's own accept loop. libmicrohttpd's thread pool accepts on every worker at once, and
 * the worker that wakes first takes up to ten waiting connections in one go; it then serves
 * them one request at a time, so connections opened together (a browser's, a client's pool)
 * land on one worker and a password check on one of them holds up the others while the other
 * workers idle. Accepting here and handing each connection over with MHD_add_connection lets
 * the library spread them: it gives a connection to the worker numbered (socket number modulo
 * pool size), so connections accepted one after another go to different workers. */
#ifndef AN_HTTP_ACCEPTOR_H
#define AN_HTTP_ACCEPTOR_H
#include <microhttpd.h>
#include <sys/socket.h>

struct an_acceptor;

/* A listening TCP socket on ss (SO_REUSEADDR and SO_REUSEPORT, as the library would set them),
 * or -1 with errno set. */
int an_listen_socket(const struct sockaddr_storage *ss);
/* Starts a thread that accepts on fd (which it then owns) and adds each connection to d (a
 * daemon started with MHD_USE_NO_LISTEN_SOCKET and MHD_USE_ITC). NULL when the thread could not
 * start (fd is closed). */
struct an_acceptor *an_acceptor_start(struct MHD_Daemon *d, int fd);
/* Stops accepting, closes the listening socket and waits for the thread. Call before
 * MHD_stop_daemon. NULL is ignored. */
void an_acceptor_stop(struct an_acceptor *a);

#endif
