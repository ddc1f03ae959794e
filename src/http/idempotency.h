/* Retried writes (issue 15 item 1): a client may send `Idempotency-Key` with a POST, PUT, PATCH
 * or DELETE it may have to repeat (a timeout, a 503 after a failover). The key is claimed per
 * caller (tenant and principal) inside the write's own transaction (store/db.h's guard), so it
 * commits exactly when the write does; the answer (status, type, body) is stored right after.
 * A repeat with the same key and request gets the first answer again without a second write
 * (`Idempotent-Replayed: true`); with another request, 422; two attempts at once write once and
 * both get the first answer. A repeat after a first attempt whose COMMIT was lost finds the key
 * only if the write happened, and then answers 409 idempotency-done (its answer was never
 * stored); otherwise it runs. An attempt that committed nothing is not kept and may be sent
 * again. Answers are sealed at rest and kept [idempotency] ttl_seconds; answers that set a cookie
 * or carry a secret (a token, a password) are not kept (a repeat answers 409). The header is its
 * own, not X-Request-Id: that one names each attempt (proxies set it per hop, and logs key on
 * it), while this one names the operation a client repeats. */
#ifndef AN_HTTP_IDEMPOTENCY_H
#define AN_HTTP_IDEMPOTENCY_H
#include <stdbool.h>

#include "http/reply.h"

/* True when r is an authenticated write carrying an Idempotency-Key header. */
bool an_idem_wanted(const struct an_request *r);
/* Runs handler(r) under r's Idempotency-Key, or answers from the stored first answer. r is
 * authenticated, r->db set. Returns what the reply returned. */
an_ret an_idem_run(struct an_request *r, an_ret (*handler)(struct an_request *r));

#endif
