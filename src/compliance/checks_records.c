/* Checks over the records of every contract and request: consent recorded for every contract
 * (MARK-4-1-3), a contract document sent for every contract (MARK-4-1-4), personal-data requests
 * answered by their deadlines (MARK-7-5-2), tenants deleted by their deadlines with a
 * certificate each (CHK-17), and every personal-data breach's steps: the people told
 * (MARK-7-6-1), the facts published (7-6-2), the reports made by their deadlines (7-6-3). */
#include <string.h>

#include "compliance/checks.h"
#include "core/calendar.h"
#include "ops/schedule.h"
#include "store/compliance_live.h"
#include "store/erase.h"
#include "store/rows.h"
#include "support/breach.h"

/* MARK-4-1-3 and 4-1-4: every contract has its consent (documents false) or its contract document
 * (documents true) on record; ok_key and fail_key name the verdict when there are contracts. */
static int every_contract(struct an_db *db, struct an_check_result *out, bool documents,
                          const char *ok_key, const char *fail_key)
{
  int64_t total, no_consent, no_doc;
  int rc = an_store_compliance_contracts_all(db, &total, &no_consent, &no_doc);
  if (rc < 0)
    return rc;
  int64_t missing = documents ? no_doc : no_consent;
  json_t *ev =
      json_pack("{s:I, s:I}", "contracts", (json_int_t)total, "missing", (json_int_t)missing);
  json_t *vars =
      json_pack("{s:I, s:I}", "contracts", (json_int_t)total, "missing", (json_int_t)missing);
  const struct an_check_rung verdict[] = {
      {!total, AN_CS_NOT_APPLICABLE, "compliance.reason.contracts.none"},
      {missing, AN_CS_NON_COMPLIANT, fail_key},
      {true, AN_CS_COMPLIANT, ok_key},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}

int an_check_consent(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  (void)ctx;
  return every_contract(db, out, false, "compliance.reason.consent.ok",
                        "compliance.reason.consent.fail");
}

int an_check_contract_documents(const struct an_ctx *ctx, struct an_db *db,
                                struct an_check_result *out)
{
  (void)ctx;
  return every_contract(db, out, true, "compliance.reason.contract_doc.ok",
                        "compliance.reason.contract_doc.fail");
}

int an_check_pd_requests(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  json_t *rows = NULL;
  int rc = an_store_rows_from(db, an_store_compliance_pd_requests_all, &rows);
  if (rc < 0)
    return rc;
  char today[AN_DATE_STRLEN];
  an_date_format(an_ops_date_of(ctx->now), today, sizeof today);
  int64_t open = 0, overdue = 0, late = 0, done = 0;
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r)
  {
    const char *due = an_rec_str(r, "due_on");
    int64_t at = an_rec_int(r, "completed_us");
    if (!strcmp(an_rec_str(r, "status"), "completed") && at) {
      char on[AN_DATE_STRLEN];
      an_date_format(an_ops_date_of(at), on, sizeof on);
      done++;
      late += strcmp(on, due) > 0;
    } else {
      open++;
      overdue += strcmp(today, due) > 0;
    }
  }
  json_decref(rows);
  json_t *ev =
      json_pack("{s:I, s:I, s:I, s:I}", "answered", (json_int_t)done, "answered_late",
                (json_int_t)late, "open", (json_int_t)open, "open_overdue", (json_int_t)overdue);
  json_t *vars = json_pack("{s:I, s:I, s:I}", "done", (json_int_t)done, "late", (json_int_t)late,
                           "overdue", (json_int_t)overdue);
  const struct an_check_rung verdict[] = {
      {overdue, AN_CS_NON_COMPLIANT, "compliance.reason.pdr.overdue"},
      {late, AN_CS_PARTIAL, "compliance.reason.pdr.late"},
      {true, AN_CS_COMPLIANT, "compliance.reason.pdr.ok"},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}

int an_check_deletions(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out)
{
  /* Deletion runs on the deadline day itself: a tenant still there the day after is late. */
  struct an_date yesterday;
  if (!an_date_add_days(an_ops_date_of(ctx->now), -1, &yesterday))
    return AN_DB_HARD;
  char day[AN_DATE_STRLEN];
  an_date_format(yesterday, day, sizeof day);
  json_t *due = json_array();
  int rc = an_store_erase_due_all(db, day, due);
  int64_t missing = 0, issued = 0;
  if (rc >= 0)
    rc = an_store_compliance_erasures_all(db, &missing, &issued);
  size_t overdue = json_array_size(due);
  json_decref(due);
  if (rc < 0)
    return rc;
  json_t *ev = json_pack("{s:I, s:I, s:I}", "past_deadline", (json_int_t)overdue,
                         "erased_without_certificate", (json_int_t)missing, "certificates_issued",
                         (json_int_t)issued);
  json_t *vars = json_pack("{s:I, s:I, s:I}", "overdue", (json_int_t)overdue, "missing",
                           (json_int_t)missing, "issued", (json_int_t)issued);
  an_check_set_pass(out, !(overdue || missing), "compliance.reason.deletion.ok",
                    "compliance.reason.deletion.fail", vars, ev);
  return 0;
}

/* The breaches as their register lists them; each breach counted by `failing`. */
struct breach_tally {
  int64_t total, failing;
};

static int breaches(const struct an_ctx *ctx, struct an_db *db, bool (*failing)(const json_t *b),
                    struct breach_tally *t)
{
  json_t *out = NULL;
  memset(t, 0, sizeof *t);
  if (an_breach_list(ctx, db, &out) != AN_EC_OK) {
    json_decref(out);
    return AN_DB_HARD;
  }
  size_t i;
  json_t *b;
  json_array_foreach(json_object_get(out, "items"), i, b)
  {
    t->total++;
    t->failing += failing(b);
  }
  json_decref(out);
  return 0;
}

static bool not_notified(const json_t *b)
{
  return an_rec_int(b, "notified_count") <= 0;
}

static bool not_published(const json_t *b)
{
  json_t *p = json_object_get(b, "published_at");
  return !p || json_is_null(p);
}

static bool report_overdue(const json_t *b)
{
  json_t *dl = json_object_get(b, "deadlines");
  static const char *const which[] = {"preliminary_report", "final_report"};
  for (int k = 0; k < 2; k++)
    if (!strcmp(an_rec_str(json_object_get(dl, which[k]), "state"), "overdue"))
      return true;
  return false;
}

static int breach_check(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out,
                        bool (*failing)(const json_t *b), const char *step)
{
  struct breach_tally t;
  int rc = breaches(ctx, db, failing, &t);
  if (rc < 0)
    return rc;
  json_t *ev = json_pack("{s:I, s:I, s:s}", "breaches", (json_int_t)t.total, "missing",
                         (json_int_t)t.failing, "step", step);
  json_t *vars = json_pack("{s:I, s:I, s:s}", "breaches", (json_int_t)t.total, "missing",
                           (json_int_t)t.failing, "step", step);
  const struct an_check_rung verdict[] = {
      {!t.total, AN_CS_NOT_APPLICABLE, "compliance.reason.breach.none"},
      {t.failing, AN_CS_NON_COMPLIANT, "compliance.reason.breach.fail"},
      {true, AN_CS_COMPLIANT, "compliance.reason.breach.ok"},
  };
  an_check_verdict(out, verdict, vars, ev);
  return 0;
}

int an_check_breach_notified(const struct an_ctx *ctx, struct an_db *db,
                             struct an_check_result *out)
{
  return breach_check(ctx, db, out, not_notified, "compliance.step.notify");
}

int an_check_breach_published(const struct an_ctx *ctx, struct an_db *db,
                              struct an_check_result *out)
{
  return breach_check(ctx, db, out, not_published, "compliance.step.publish");
}

int an_check_breach_reported(const struct an_ctx *ctx, struct an_db *db,
                             struct an_check_result *out)
{
  return breach_check(ctx, db, out, report_overdue, "compliance.step.report");
}
