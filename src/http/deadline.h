/* Absolute deadlines for a request's headers and for its body (M4, slowloris). libmicrohttpd's
 * connection timeout is an idle timeout that every byte restarts, so a client trickling one
 * header byte at a time keeps its connection for ever. Every connection is tracked from
 * MHD_OPTION_NOTIFY_CONNECTION with the phase of its current request and when that phase began;
 * a reaper thread shuts down the socket of a connection past its deadline, and libmicrohttpd
 * then closes it itself (its read fails). */
#ifndef AN_HTTP_DEADLINE_H
#define AN_HTTP_DEADLINE_H
#include <microhttpd.h>
#include <stdbool.h>

enum an_conn_phase {
  AN_PHASE_HEADERS, /* waiting for a request line and headers (also idle keep-alive) */
  AN_PHASE_BODY,    /* headers complete, reading the body */
  AN_PHASE_BUSY,    /* answering: no deadline here (the idle timeout still applies) */
};

/* Starts the reaper: headers must arrive within header_s seconds of the connection (or the
 * previous request's end), a body within body_s seconds of its headers. False when the thread
 * cannot start. */
bool an_deadline_start(long header_s, long body_s);
/* Stops the reaper (before the daemon stops). */
void an_deadline_stop(void);
/* The MHD_OPTION_NOTIFY_CONNECTION callback: tracks connections from start to close. */
void an_deadline_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                        enum MHD_ConnectionNotificationCode code);
/* Moves conn's current request to phase, from now. */
void an_deadline_phase(struct MHD_Connection *conn, enum an_conn_phase phase);

#endif
