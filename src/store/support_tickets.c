#include "store/support_tickets.h"

#include <stdlib.h>
#include <string.h>

#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"

/* The requester's particulars, the subject and every message are sealed under the ticket's
 * tenant key (the operator key for tickets of no tenant; store/seal_fields.h). */
static const char *const TICKET_SEALED[] = {
    "subject",         "subject", "requester_name", "requester_name", "requester_email",
    "requester_email", NULL};
static const char *const EVENT_SEALED[] = {"author_label", "author_label", "body", "body",
                                           "detail",       "detail",       NULL};
/* An attachment's file name often names a person ("山田様_見積.pdf"): sealed like the ticket. */
static const char *const ATTACHMENT_SEALED[] = {"filename", "filename", NULL};
static const struct an_store_sealed ATTACHMENTS = {"ticket_attachments", NULL, ATTACHMENT_SEALED};

#define TICKET_COLS                                                                                \
  "id, tenant_id, shop_id, ref, channel, category, status, subject, requester_user_id, "           \
  "requester_name, requester_email, lang, assignee, first_response_minutes, resolution_minutes, "  \
  "first_response_due_us, resolution_due_us, clock_from_us, clock_used_s, "                        \
  "first_response_at AS first_response_us, resolved_at AS resolved_us, closed_at AS closed_us, "   \
  "created_at AS created_us, updated_at AS updated_us, contract_id, plan_id FROM tickets"

int an_store_ticket_insert(struct an_db *db, const json_t *t, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO tickets (tenant_id, shop_id, ref, channel, category, status, subject, "
      "requester_user_id, requester_name, requester_email, lang, first_response_minutes, "
      "resolution_minutes, first_response_due_us, resolution_due_us, clock_from_us, created_at, "
      "updated_at, contract_id, plan_id, requester_bidx) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10, $11, "
      "$12, "
      "$13, $14, $15, $16, $17, $17, $18, $19, $20) RETURNING id";
  static const char *const KEYS[] = {"i:tenant_id",
                                     "i:shop_id",
                                     "t:ref",
                                     "t:channel",
                                     "t:category",
                                     "t:status",
                                     "t:subject",
                                     "i:requester_user_id",
                                     "t:requester_name",
                                     "t:requester_email",
                                     "t:lang",
                                     "i:first_response_minutes",
                                     "i:resolution_minutes",
                                     "i:first_response_due_us",
                                     "n:resolution_due_us",
                                     "n:clock_from_us",
                                     "i:created_us",
                                     "i:contract_id",
                                     "i:plan_id",
                                     "t:requester_bidx"};
  json_t *sealed = json_deep_copy(t);
  int64_t tenant = an_rec_int(t, "tenant_id");
  char bidx[AN_BLIND_HEX] = "";
  int rc = sealed ? an_store_seal_fields(db, sealed, tenant, "tickets", TICKET_SEALED) : AN_DB_HARD;
  const char *email = an_rec_str(t, "requester_email");
  if (rc > 0 && email[0] && !an_store_blind(tenant, email, bidx))
    rc = AN_DB_HARD;
  if (rc > 0 && json_object_set_new(sealed, "requester_bidx", json_string(bidx)))
    rc = AN_DB_HARD;
  if (rc > 0)
    rc = an_store_rec_query(db, SQL, sealed, KEYS, 20, an_store_int_cb, id);
  json_decref(sealed);
  return rc;
}

int an_store_ticket_update(struct an_db *db, const json_t *t)
{
  static const char SQL[] =
      "UPDATE tickets SET status = $3, assignee = $4, shop_id = $5, resolution_due_us = $6, "
      "clock_from_us = $7, clock_used_s = $8, first_response_at = $9, resolved_at = $10, "
      "closed_at = $11, updated_at = $12 WHERE id = $1 AND tenant_id = $2";
  static const char *const KEYS[] = {"i:id",
                                     "i:tenant_id",
                                     "t:status",
                                     "t:assignee",
                                     "i:shop_id",
                                     "n:resolution_due_us",
                                     "n:clock_from_us",
                                     "i:clock_used_s",
                                     "n:first_response_us",
                                     "n:resolved_us",
                                     "n:closed_us",
                                     "i:updated_us"};
  return an_store_rec_query(db, SQL, t, KEYS, 12, NULL, NULL);
}

/* The readers of tickets differ only by their WHERE: one statement each, read and opened alike. */
static const struct an_store_sealed TICKETS = {"tickets", "tenant_id", TICKET_SEALED};
static const char GET_TENANT[] = "SELECT " TICKET_COLS " WHERE tenant_id = $1 AND id = $2";
static const char GET_SHOP[] = "SELECT " TICKET_COLS " WHERE shop_id = $1 AND id = $2";
static const char LIST_TENANT[] = "SELECT " TICKET_COLS " WHERE tenant_id = $1 AND ($2 = '' OR "
                                  "status = $2) ORDER BY id DESC LIMIT 500";
static const char LIST_SHOP[] = "SELECT " TICKET_COLS " WHERE shop_id = $1 AND ($2 = '' OR "
                                "status = $2) ORDER BY id DESC LIMIT 500";

/* A ticket by its id within scope (a tenant's or a shop's, by sql). */
static int get_in(struct an_db *db, const char *sql, int64_t scope, int64_t id, const char *fn,
                  json_t **out)
{
  *out = NULL;
  if (!an_store_scoped(scope, fn))
    return 0;
  return an_store_row_opened(db, sql, AN_ARGS(AN_P_INT(scope), AN_P_INT(id)), &TICKETS, out);
}

/* The tickets of scope (a tenant's or a shop's, by sql), of one status or ("") all. */
static int list_in(struct an_db *db, const char *sql, int64_t scope, const char *status,
                   const char *fn, json_t *out)
{
  if (!an_store_scoped(scope, fn))
    return 0;
  return an_store_rows_opened(db, sql, AN_ARGS(AN_P_INT(scope), AN_P_TEXT(status)), &TICKETS, 0,
                              out);
}

int an_store_ticket_get(struct an_db *db, int64_t tenant_id, int64_t id, json_t **out)
{
  return get_in(db, GET_TENANT, tenant_id, id, __func__, out);
}

int an_store_ticket_get_shop(struct an_db *db, int64_t shop_id, int64_t id, json_t **out)
{
  return get_in(db, GET_SHOP, shop_id, id, __func__, out);
}

int an_store_ticket_get_all(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT " TICKET_COLS " WHERE id = $1";
  return an_store_row_opened(db, SQL, AN_ARGS(AN_P_INT(id)), &TICKETS, out);
}

int an_store_ticket_by_ref_all(struct an_db *db, const char *ref, json_t **out)
{
  static const char SQL[] = "SELECT " TICKET_COLS " WHERE ref = $1";
  return an_store_row_opened(db, SQL, AN_ARGS(AN_P_TEXT(ref)), &TICKETS, out);
}

int an_store_ticket_list(struct an_db *db, int64_t tenant_id, const char *status, json_t *out)
{
  return list_in(db, LIST_TENANT, tenant_id, status, __func__, out);
}

int an_store_ticket_list_shop(struct an_db *db, int64_t shop_id, const char *status, json_t *out)
{
  return list_in(db, LIST_SHOP, shop_id, status, __func__, out);
}

int an_store_ticket_list_all(struct an_db *db, const char *status, json_t *out)
{
  static const char SQL[] = "SELECT " TICKET_COLS " WHERE $1 = '' OR status = $1 "
                            "ORDER BY id DESC LIMIT 500";
  return an_store_rows_opened(db, SQL, AN_ARGS(AN_P_TEXT(status)), &TICKETS, 0, out);
}

int an_store_ticket_event_add(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                              const char *kind, bool internal, const char *author_kind,
                              const char *author_label, const char *body, const char *detail,
                              int64_t now)
{
  static const char SQL[] =
      "INSERT INTO ticket_events (ticket_id, tenant_id, kind, internal, author_kind, "
      "author_label, body, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
  char *label = an_store_seal_for(db, tenant_id, "ticket_events", "author_label", author_label);
  char *b = an_store_seal_for(db, tenant_id, "ticket_events", "body", body);
  char *d = an_store_seal_for(db, tenant_id, "ticket_events", "detail", detail);
  int rc = label && b && d
               ? an_db_query(db, SQL,
                             AN_ARGS(AN_P_INT(ticket_id), AN_P_INT(tenant_id), AN_P_TEXT(kind),
                                     AN_P_BOOL(internal), AN_P_TEXT(author_kind), AN_P_TEXT(label),
                                     AN_P_TEXT(b), AN_P_TEXT(d), AN_P_INT(now)),
                             NULL, NULL)
               : AN_DB_HARD;
  free(label);
  free(b);
  free(d);
  return rc;
}

int an_store_ticket_events(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                           bool with_internal, json_t *out)
{
  static const char SQL[] =
      "SELECT id, kind, internal, author_kind, author_label, body, detail, created_at "
      "FROM ticket_events WHERE tenant_id = $1 AND ticket_id = $2 AND ($3 = 1 OR internal = 0) "
      "ORDER BY id";
  static const struct an_store_sealed EVENTS = {"ticket_events", NULL, EVENT_SEALED};
  return an_store_rows_opened(
      db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(ticket_id), AN_P_BOOL(with_internal)), &EVENTS,
      tenant_id, out);
}

int an_store_ticket_attachment_add(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                                   const char *filename, const char *content_type, int64_t size,
                                   const void *sealed, size_t sealed_len, int64_t now, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO ticket_attachments (ticket_id, tenant_id, filename, content_type, size, "
      "sealed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
  char *name = an_store_seal_for(db, tenant_id, "ticket_attachments", "filename", filename);
  if (!name)
    return AN_DB_HARD; /* no key: nothing is written in plaintext */
  int rc = an_db_query(db, SQL,
                       AN_ARGS(AN_P_INT(ticket_id), AN_P_INT(tenant_id), AN_P_TEXT(name),
                               AN_P_TEXT(content_type), AN_P_INT(size),
                               AN_P_BLOB(sealed, sealed_len), AN_P_INT(now)),
                       an_store_int_cb, id);
  free(name);
  return rc;
}

int an_store_ticket_attachments(struct an_db *db, int64_t tenant_id, int64_t ticket_id, json_t *out)
{
  static const char SQL[] = "SELECT id, filename, content_type, size, created_at "
                            "FROM ticket_attachments WHERE tenant_id = $1 AND ticket_id = $2 "
                            "ORDER BY id";
  return an_store_rows_opened(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(ticket_id)),
                              &ATTACHMENTS, tenant_id, out);
}

struct blob_out {
  json_t *meta;
  unsigned char *data;
  size_t len;
};

static void attachment_cb(void *cls, const struct an_db_row *row)
{
  struct blob_out *b = cls;
  size_t n = 0;
  const void *p = an_db_row_blob(row, 4, &n);
  b->meta = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)an_db_row_int(row, 0), "filename",
                      an_db_row_text(row, 1), "content_type", an_db_row_text(row, 2), "size",
                      (json_int_t)an_db_row_int(row, 3));
  b->data = malloc(n ? n : 1);
  if (b->data && n)
    memcpy(b->data, p, n);
  b->len = n;
}

int an_store_ticket_attachment_get(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                                   int64_t id, json_t **meta, unsigned char **sealed,
                                   size_t *sealed_len)
{
  static const char SQL[] = "SELECT id, filename, content_type, size, sealed "
                            "FROM ticket_attachments WHERE tenant_id = $1 AND ticket_id = $2 "
                            "AND id = $3";
  struct blob_out b = {0};
  int rc = an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(ticket_id), AN_P_INT(id)),
                       attachment_cb, &b);
  if (b.meta)
    an_store_open_fields(db, b.meta, tenant_id, NULL, "ticket_attachments", ATTACHMENT_SEALED);
  *meta = b.meta;
  *sealed = b.data;
  *sealed_len = b.len;
  if (rc > 0 && (!b.meta || !b.data)) {
    json_decref(b.meta);
    free(b.data);
    *meta = NULL;
    *sealed = NULL;
    return AN_DB_HARD;
  }
  return rc;
}

int an_store_ticket_events_public(struct an_db *db, int64_t tenant_id, int64_t ticket_id,
                                  json_t *out)
{
  return an_store_ticket_events(db, tenant_id, ticket_id, false, out);
}
