/* Server-side sessions. The token itself is never stored, only its SHA-256. */
#ifndef AN_STORE_SESSIONS_H
#define AN_STORE_SESSIONS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct an_session {
  int64_t id;
  uint8_t token_hash[32];
  char subject_kind[9]; /* "staff" or "user" */
  int64_t subject_id;
  int64_t tenant_id; /* 0 for operator staff */
  char csrf_token[64];
  char client_ip[64];
  char user_agent[256];
  int64_t created_at;
  int64_t last_seen_at;
  int64_t expires_at; /* absolute end */
  bool mfa_pending;   /* password right, second factor still to come */
  int64_t auth_at;    /* when the subject last proved every factor (0 = not yet) */
};

/* Inserts s and sets s->id. Returns 1 or an error. */
int an_store_session_insert(struct an_db *db, struct an_session *s);
/* Loads the unrevoked session with this token hash. Returns 1, 0 when none, or an error. */
int an_store_session_by_hash(struct an_db *db, const uint8_t hash[32], struct an_session *out);
/* Moves last_seen_at forward. Returns 1, 0, or an error. */
int an_store_session_touch(struct an_db *db, int64_t id, int64_t now);
/* Moves last_seen_at forward and sets the session's stored end (a session without an absolute
 * lifetime: its end moves with its use). Returns 1, 0, or an error. */
int an_store_session_touch_until(struct an_db *db, int64_t id, int64_t now, int64_t expires_at);
/* Records a fresh authentication (re-authentication) on an active session. Returns 1, 0 when it
 * is not active, or an error. */
int an_store_session_set_auth(struct an_db *db, int64_t id, int64_t now);
/* Revokes one session. Returns 1, 0 when it was not active, or an error. */
int an_store_session_revoke(struct an_db *db, int64_t id, int64_t now);
/* Revokes every active session of a subject except the one with id except_id (0 = none).
 * Returns the number revoked or an error. */
int an_store_session_revoke_subject(struct an_db *db, const char *kind, int64_t subject_id,
                                    int64_t except_id, int64_t now);

/* Revokes every active session of a tenant's users. Returns the number revoked or an error. */
int an_store_session_revoke_tenant(struct an_db *db, int64_t tenant_id, int64_t now);
/* Calls cb for a subject's active sessions (not expired at now), newest first. Returns the count
 * or an error. */
int an_store_session_list_subject(struct an_db *db, const char *kind, int64_t subject_id,
                                  int64_t now, void (*cb)(void *cls, const struct an_session *s),
                                  void *cls);
/* Revokes session id only if it belongs to the subject. Returns 1, 0 when it does not, or an
 * error. */
int an_store_session_revoke_own(struct an_db *db, const char *kind, int64_t subject_id, int64_t id,
                                int64_t now);

/* Deletes the sessions that expired or were revoked before `before` (they can never be used
 * again; I4). Returns the number deleted or an error. */
int an_store_session_purge(struct an_db *db, int64_t before);

#endif
