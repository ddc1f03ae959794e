#include "support/reports.h"

#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/messages.h"
#include "store/rows.h"
#include "store/support_reports.h"
#include "store/support_tickets.h"
#include "support/tickets.h"

static const char *const acts[] = {"ip_infringement",
                                   "tampering",
                                   "unauthorised_use",
                                   "illegal",
                                   "defamation",
                                   "fraud",
                                   "obscene",
                                   "pyramid",
                                   "impersonation",
                                   "malware",
                                   "spam",
                                   "overload",
                                   "other"};

static bool known_act(const char *act)
{
  for (size_t i = 0; act && i < sizeof acts / sizeof acts[0]; i++)
    if (!strcmp(acts[i], act))
      return true;
  return false;
}

static const char *or_empty(const char *s)
{
  return s ? s : "";
}

static int audit(const struct an_ctx *ctx, struct an_db *db, const char *action, int64_t id,
                 json_t *details)
{
  return an_audit_changed(ctx, db, action, "ticket", id, 0, details);
}

/* Inside the ticket's opening transaction: the report's own part. */
static int add_report(const struct an_ctx *ctx, struct an_db *db, const json_t *ticket, void *cls)
{
  const struct an_report_in *in = cls;
  int64_t id = an_rec_int(ticket, "id");
  int rc = an_store_report_add(db, id, in->category, or_empty(in->target));
  if (rc >= 0)
    rc = audit(ctx, db, "report.submit", id, json_pack("{s:s}", "category", in->category));
  return rc;
}

enum an_ec an_report_submit(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_report_in *in, int64_t *receipt, const char **bad_field)
{
  *receipt = 0;
  *bad_field = "category";
  if (!known_act(in->category))
    return AN_EC_GENERIC_INVALID_FIELD;
  *bad_field = NULL;
  const char *lang = in->lang && !strcmp(in->lang, "en") ? "en" : "ja";
  json_t *vars = json_pack("{s:s}", "act", in->category);
  char *subject = an_msg_render("ticket.report_subject", lang, vars);
  json_decref(vars);
  struct an_buf body = {0};
  an_buf_puts(&body, or_empty(in->description));
  if (in->target && in->target[0])
    an_buf_printf(&body, "\n\n%s%s", an_msg_text("ticket.report_target", lang), in->target);
  struct an_report_in copy = *in;
  const struct an_ticket_in t = {"prohibited_act",
                                 subject ? subject : "prohibited_act",
                                 body.data ? body.data : "-",
                                 "public",
                                 or_empty(in->reporter_name),
                                 or_empty(in->reporter_email),
                                 lang,
                                 0,
                                 0,
                                 add_report,
                                 &copy};
  json_t *out = NULL;
  enum an_ec ec = an_ticket_open(ctx, db, &t, &out, bad_field);
  if (ec == AN_EC_GENERIC_INVALID_FIELD && *bad_field && !strcmp(*bad_field, "requester_email"))
    *bad_field = "reporter_email";
  if (ec == AN_EC_OK)
    *receipt = an_rec_int(out, "id");
  json_decref(out);
  free(subject);
  an_buf_free(&body);
  return ec;
}

enum an_ec an_report_list(const struct an_ctx *ctx, struct an_db *db, const char *status,
                          json_t **items)
{
  *items = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  json_t *rows = json_array();
  if (an_store_report_list_all(db, status ? status : "", rows) < 0) {
    json_decref(rows);
    return AN_EC_GENERIC_INTERNAL;
  }
  *items = rows;
  return AN_EC_OK;
}

struct handle {
  const char *resolution;
  int64_t contract;
};

/* Inside the resolving transaction: only an open report; its outcome recorded. */
static int record_outcome(const struct an_ctx *ctx, struct an_db *db, const json_t *ticket,
                          void *cls)
{
  const struct handle *h = cls;
  const char *status = an_rec_str(ticket, "status");
  if (!strcmp(status, "resolved") || !strcmp(status, "closed"))
    return 0;
  int64_t id = an_rec_int(ticket, "id");
  int rc = an_store_report_outcome(db, id, h->resolution, h->contract, ctx->actor, ctx->now);
  if (rc == 0)
    return 0; /* a ticket of another category */
  char detail[48] = "";
  if (h->contract)
    snprintf(detail, sizeof detail, "contract:%lld", (long long)h->contract);
  if (rc >= 0)
    rc = an_store_ticket_event_add(db, 0, id, "resolution", true, "staff", ctx->actor,
                                   h->resolution, detail, ctx->now);
  if (rc >= 0)
    rc = audit(ctx, db, "report.handle", id,
               json_pack("{s:s, s:I}", "resolution", h->resolution, "contract_id",
                         (json_int_t)h->contract));
  return rc;
}

/* The report id: 1 open, 0 none, 2 handled, or an error. */
static int report_state(struct an_db *db, int64_t id)
{
  json_t *rep = NULL;
  int rc = an_store_report_get_all(db, id, &rep);
  if (rc == 1 && strcmp(an_rec_str(rep, "status"), "open"))
    rc = 2;
  json_decref(rep);
  return rc;
}

enum an_ec an_report_handle(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *resolution, int64_t contract, an_report_suspend_fn suspend,
                            json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (suspend && !contract)
    return AN_EC_GENERIC_INVALID_FIELD;
  int state = id > 0 ? report_state(db, id) : 0;
  if (state != 1)
    return state < 0    ? AN_EC_GENERIC_INTERNAL
           : state == 0 ? AN_EC_GENERIC_NOT_FOUND
                        : AN_EC_GENERIC_CONFLICT;
  if (suspend) {
    struct an_buf reason = {0};
    an_buf_printf(&reason, "禁止事項への該当（通報 %lld）：%s", (long long)id, resolution);
    enum an_ec ec = suspend(ctx, db, contract, reason.data);
    an_buf_free(&reason);
    if (ec != AN_EC_OK)
      return ec;
  }
  struct handle h = {resolution, contract};
  json_t *t = NULL;
  enum an_ec ec = an_ticket_resolve_if(ctx, db, id, record_outcome, &h, &t);
  json_decref(t);
  if (ec != AN_EC_OK)
    return ec;
  return an_store_report_get_all(db, id, out) == 1 ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}
