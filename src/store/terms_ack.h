/* Art. 4 (issue 10 item 18): which material terms version a tenant still has to acknowledge, and
 * the acknowledgements, recorded like TOS-1 consent (who, when, from where). */
#ifndef AN_STORE_TERMS_ACK_H
#define AN_STORE_TERMS_ACK_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* The newest material terms version in force on today ('YYYY-MM-DD') that tenant_id (> 0) has
 * contracts agreed under an older version of and has not acknowledged: {id, version, title,
 * effective_on} into *out. 1, 0 when none, or an error. */
int an_store_terms_ack_pending(struct an_db *db, int64_t tenant_id, const char *today,
                               json_t **out);
/* Records tenant_id's acknowledgement of the material version document_id (kind terms, in force
 * on today) by user_id from ip. 1 recorded, 0 when no such version is in force or it was
 * recorded already, or an error. */
int an_store_terms_ack_insert(struct an_db *db, int64_t tenant_id, int64_t document_id,
                              const char *today, int64_t user_id, const char *ip, int64_t now);

#endif
