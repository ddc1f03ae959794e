/* Fair share between tenants (SLA-5): one tenant's requests may occupy at most `limit` of this
 * instance's worker threads (and so database connections) at once; its further requests are
 * refused at once (429) instead of queueing in front of other tenants'. Every instance applies
 * the same share of its own workers, so across N instances the tenant holds at most the same
 * share of the cluster's, without a shared counter on every request. */
#ifndef AN_HTTP_FAIRSHARE_H
#define AN_HTTP_FAIRSHARE_H
#include <stdbool.h>
#include <stdint.h>

struct an_fairshare;

/* A gate letting each tenant run at most limit requests at once (limit 0: no gate; returns
 * NULL, which the functions below accept). */
struct an_fairshare *an_fairshare_new(long limit);
void an_fairshare_free(struct an_fairshare *f);
/* Counts one running request of tenant (non-zero). Returns false, counting nothing, when the
 * tenant already runs limit requests. */
bool an_fairshare_enter(struct an_fairshare *f, int64_t tenant);
/* Ends a request an_fairshare_enter admitted. */
void an_fairshare_leave(struct an_fairshare *f, int64_t tenant);
/* Requests of tenant running now (for tests and metrics). */
long an_fairshare_running(struct an_fairshare *f, int64_t tenant);

#endif
