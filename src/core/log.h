/* Logs as JSON lines on stderr (one object per line, "ts" in UTC). */
#ifndef AN_CORE_LOG_H
#define AN_CORE_LOG_H
#include <jansson.h>

enum an_log_level { AN_LOG_DEBUG, AN_LOG_INFO, AN_LOG_WARN, AN_LOG_ERROR };

/* Sets the lowest level written ("debug", "info", "warn", "error"). */
void an_log_set_level(const char *name);
/* Writes {"ts","level","msg", ...fields}; steals the reference to fields (may be NULL). */
void an_log(enum an_log_level level, const char *msg, json_t *fields);
/* A fault of ours (a bug or a broken environment), as opposed to a client breaking the protocol. */
#define an_log_bug(msg, fields) an_log(AN_LOG_ERROR, msg, fields)
/* The other side broke the protocol: logged at warn, never an alarm about our code. */
#define an_log_client(msg, fields) an_log(AN_LOG_WARN, msg, fields)

#endif
