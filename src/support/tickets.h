/* Support tickets (issue 13 item 1; MARK-5-1-1 several channels, MARK-5-1-4 the full history,
 * SLA-12/SLA-31 the business-hours clock). A ticket comes from a contractor's user (channel
 * "web"), the public form ("public"), a call staff record ("phone") or a mail ("email"); it
 * moves new -> open -> waiting (on the customer) -> resolved -> closed, and a reply from the
 * customer reopens it. The resolution clock runs in support hours and pauses while the ticket
 * waits on the customer; the first-response clock stops at the first public answer. Every step
 * is a history event and an audit event in the same transaction. Who sees what comes from the
 * scope: a tenant its own tickets (without internal notes), a shop the tickets routed to it
 * (without the requester's contact details), the operator everything. */
#ifndef AN_SUPPORT_TICKETS_H
#define AN_SUPPORT_TICKETS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* The ticket id as ctx's scope may see it (a tenant its own, a shop those routed to it, the
 * operator any) into *t (the caller frees it): 1, 0 (none or not ctx's) or an error. */
int an_ticket_load(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **t);

struct an_ticket_in {
  const char *category, *subject, *body;
  const char *channel;         /* staff: "phone" or "email"; ignored for tenant users (web) */
  const char *requester_name;  /* staff and public: who asked */
  const char *requester_email; /* staff and public: where answers go ("" = none, a call) */
  const char *lang;            /* "ja" or "en": the requester's language when not a user */
  int64_t tenant_id;           /* staff: the customer's tenant when known (0 = none) */
  int64_t contract_id; /* the contract the matter is about (0 = none named): its plan's targets */
  /* Optional: run inside the opening transaction with the new ticket's record (its id set);
   * returns 1 or an AN_DB_* error, which undoes the ticket. */
  int (*also)(const struct an_ctx *ctx, struct an_db *db, const json_t *ticket, void *cls);
  void *also_cls;
};

/* Opens a ticket for ctx's subject: a tenant user files for their tenant (channel web, the
 * user's address and language), operator staff record a call or a mail for someone else
 * (channel phone or email), the public form (AN_SCOPE_PUBLIC) files with an address. Computes
 * the due times, records the first message, audits "ticket.open" and mails the requester an
 * acknowledgement with the reference and the first-response due time. The targets are those
 * of the contract's plan when it sets them (support/plan_targets.h), else the desk's defaults.
 * *out gets the ticket.
 * INVALID_FIELD (with *bad_field naming the field) for an unknown category or channel or a
 * missing address (a prohibited-act report may be anonymous), or a contract ctx cannot see (or of
 * another tenant than staff named); FORBIDDEN for a shop; UNAVAILABLE when the support hours are
 * misconfigured. */
enum an_ec an_ticket_open(const struct an_ctx *ctx, struct an_db *db, const struct an_ticket_in *in,
                          json_t **out, const char **bad_field);
/* {"items": [...], "counts": {"open", "warning", "breached"}} of the tickets ctx may see, newest
 * first, filtered by status ("" or NULL = all). */
enum an_ec an_ticket_list(const struct an_ctx *ctx, struct an_db *db, const char *status,
                          json_t **out);
/* One ticket with its "history" (oldest first; internal notes only for the operator).
 * NOT_FOUND for a ticket ctx may not see. */
enum an_ec an_ticket_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* A message on the ticket. From the customer (a tenant user): reopens a waiting or resolved
 * ticket and restarts its clock; internal notes are refused. From operator staff: internal
 * (a note, never mailed) or an answer, which is mailed to the requester with the reference,
 * stops the first-response clock and moves the ticket to status (default "waiting"; "open" or
 * "resolved" allowed). CONFLICT on a closed ticket. */
enum an_ec an_ticket_reply(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *body,
                           bool internal, const char *status, json_t **out);
/* Operator staff: any of a new status (open, waiting, resolved, closed), an assignee (a staff
 * login, "" to clear) and a shop to route to (shop_id > 0; -1 = no change, 0 = unroute).
 * NULL leaves a field as it is. INVALID_FIELD for an unknown status; CONFLICT for a move the
 * state machine refuses (a closed ticket is final). */
enum an_ec an_ticket_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *status, const char *assignee, int64_t shop_id,
                            json_t **out);
/* A mail read from the support mailbox (item 2), by ctx (the system, operator scope). A
 * subject carrying the reference of an open ticket whose requester is from_addr threads into
 * it as the customer's reply (*threaded = true; a waiting ticket opens again); otherwise a new
 * ticket (channel email, category question) is opened for from_addr, belonging to the tenant of
 * the one tenant user with that address (none or several: unassigned, tenant 0, for staff).
 * *out gets the ticket. */
enum an_ec an_ticket_from_mail(const struct an_ctx *ctx, struct an_db *db, const char *from_addr,
                               const char *from_name, const char *subject, const char *body,
                               json_t **out, bool *threaded);
/* Operator staff: resolves ticket id after check(ctx, db, ticket, cls), run in the same
 * transaction, returns 1 (0: CONFLICT, nothing changes; or an AN_DB_* error). The check may add
 * to the ticket's history. *out gets the ticket. CONFLICT also for a closed ticket. */
enum an_ec an_ticket_resolve_if(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                int (*check)(const struct an_ctx *ctx, struct an_db *db,
                                             const json_t *ticket, void *cls),
                                void *cls, json_t **out);
/* The ticket's history as CSV (UTF-8 with BOM, JST times, header in lang) for SLA-24. */
enum an_ec an_ticket_history_csv(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const char *lang, char **csv, size_t *len);

#endif
