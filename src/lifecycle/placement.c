/* The move of a tenant between databases. Every step leaves a state that loses nothing when the
 * command dies there: before the switch the source holds every row and the tenant's writes are
 * refused; after it the target does. Running the same move again resumes. */
#include "lifecycle/placement.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "core/time.h"
#include "store/audit_outbox.h"
#include "store/migrate.h"
#include "store/placement.h"
#include "store/tenants.h"

struct move {
  const struct an_ctx *ctx;
  struct an_db *db;    /* the shared database */
  struct an_db *other; /* the tenant's own database */
  int64_t tenant_id;
  bool to_dedicated;
  const char *url;   /* the tenant's database's conninfo */
  const char *label; /* its host and database name, for the audit event */
  struct an_buf *out;
};

/* How long a state change takes to reach every instance and every transaction begun before it
 * to end: two reload intervals plus the longest a transaction goes on retrying. */
static int64_t settle_us(const struct an_config *cfg)
{
  long busy = cfg->busy_timeout_ms > 1000 ? cfg->busy_timeout_ms : 1000;
  return (2LL * cfg->tenancy_placement_check_ms + busy) * 1000LL;
}

static void sleep_us(int64_t us)
{
  struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

struct state_change {
  struct move *m;
  struct an_ctx ctx; /* the move's, at the time of the change (a move takes seconds) */
  const char *state;
  const char *conninfo;
  int64_t writable_from;
  const char *action;
  const char *outcome;
};

static int state_txn(struct an_db *db, void *cls)
{
  struct state_change *s = cls;
  struct move *m = s->m;
  int rc =
      an_store_placement_set(db, m->tenant_id, s->state, s->conninfo, s->writable_from, s->ctx.now);
  if (rc < 0)
    return rc;
  char *target = an_audit_target("tenant", m->tenant_id);
  json_t *d = json_pack("{s:s, s:s, s:s}", "state", s->state, "direction",
                        m->to_dedicated ? "to_dedicated" : "to_shared", "database", m->label);
  struct an_audit_rec rec = {.action = s->action,
                             .target = target,
                             .outcome = s->outcome,
                             .details = d,
                             .tenant_id = m->tenant_id};
  rc = an_audit_append(&s->ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

/* Writes the placement and its audit event in one transaction of the shared database. */
static int set_state(struct move *m, const char *state, const char *conninfo, int64_t writable_from,
                     const char *action, const char *outcome)
{
  struct state_change s = {m, *m->ctx, state, conninfo, writable_from, action, outcome};
  s.ctx.now = an_time_now_us();
  int rc = an_db_txn_mode(m->db, AN_DB_READ_COMMITTED, state_txn, &s);
  an_store_placement_forget();
  return rc;
}

struct copy_args {
  struct an_db *src;
  int64_t tenant_id;
  bool with_tenant_row;
};

static int copy_txn(struct an_db *dst, void *cls)
{
  struct copy_args *a = cls;
  int rc = an_store_placement_purge(dst, a->tenant_id);
  return rc < 0 ? rc : an_store_placement_copy(a->src, dst, a->tenant_id, a->with_tenant_row);
}

static int purge_txn(struct an_db *db, void *cls)
{
  return an_store_placement_purge(db, *(int64_t *)cls);
}

/* Row counts and digests equal on both sides, and the audit chain intact. */
static bool verified(struct move *m, struct an_db *src, struct an_db *dst)
{
  struct an_buf a = {0}, b = {0};
  bool ok = an_store_placement_digest(src, m->tenant_id, &a) >= 0 &&
            an_store_placement_digest(dst, m->tenant_id, &b) >= 0 && a.len == b.len &&
            (!a.len || !memcmp(a.data, b.data, a.len));
  an_buf_printf(m->out, "source:\n%starget:\n%s", a.data ? a.data : "", b.data ? b.data : "");
  an_buf_free(&a);
  an_buf_free(&b);
  if (!ok) {
    an_buf_puts(m->out, "the copy differs from the source\n");
    return false;
  }
  struct an_audit_report rep;
  if (an_audit_verify(m->db, m->ctx->keys, &rep) != 1) {
    an_buf_printf(m->out, "the audit chain does not verify: %s\n", rep.reason);
    return false;
  }
  an_buf_printf(m->out, "audit chain intact: %lld events\n", (long long)rep.events);
  return true;
}

/* Steps 2 to 4 of the move (docs/architecture.md): refuse writes, copy, verify, switch, purge. */
static int run(struct move *m, const char *moving_state)
{
  struct an_db *src = m->to_dedicated ? m->db : m->other;
  struct an_db *dst = m->to_dedicated ? m->other : m->db;
  int64_t settle = settle_us(m->ctx->cfg);
  if (set_state(m, moving_state, m->url, 0, "tenant.placement.start", "success") < 0)
    return AN_MOVE_FAILED;
  sleep_us(settle);
  struct copy_args c = {src, m->tenant_id, m->to_dedicated};
  if (an_db_txn_mode(dst, AN_DB_READ_COMMITTED, copy_txn, &c) < 0) {
    an_buf_puts(m->out, "the copy failed; the tenant stays in its moving state\n");
    return AN_MOVE_FAILED;
  }
  /* Events a crash left in the tenant database's outbox join the chain before it is verified
   * (and before a move back leaves that database behind). */
  int64_t relayed = 0;
  if (an_store_audit_outbox_relay_one(m->db, m->other, &relayed) < 0) {
    an_buf_puts(m->out, "the tenant database's audit outbox could not be relayed\n");
    return AN_MOVE_FAILED;
  }
  if (relayed)
    an_buf_printf(m->out, "audit events relayed from the outbox: %lld\n", (long long)relayed);
  if (!verified(m, src, dst)) {
    an_db_txn_mode(dst, AN_DB_READ_COMMITTED, purge_txn, &m->tenant_id);
    const char *back = m->to_dedicated ? "shared" : "dedicated";
    set_state(m, back, m->to_dedicated ? NULL : m->url, an_time_now_us() + settle,
              "tenant.placement.abort", "failure");
    return AN_MOVE_UNVERIFIED;
  }
  const char *done = m->to_dedicated ? "dedicated" : "shared";
  if (set_state(m, done, m->to_dedicated ? m->url : NULL, an_time_now_us() + settle,
                "tenant.placement.switch", "success") < 0) {
    an_buf_puts(m->out, "the switch failed; the tenant stays in its moving state\n");
    return AN_MOVE_FAILED;
  }
  sleep_us(settle); /* no instance reads the old copy any more */
  if (an_db_txn_mode(src, AN_DB_READ_COMMITTED, purge_txn, &m->tenant_id) < 0)
    an_buf_puts(m->out, "switched; the old copy could not be removed (it is never read)\n");
  an_buf_printf(m->out, "tenant %lld is now in the %s database\n", (long long)m->tenant_id,
                m->to_dedicated ? "dedicated" : "shared");
  return 0;
}

/* Checks what must hold before anything changes. Returns 0 or AN_MOVE_REFUSED. */
static int preconditions(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                         struct an_buf *out)
{
  if (!an_db_is_postgres(db)) {
    an_buf_puts(out, "dedicated tenancy needs PostgreSQL ([store] driver = postgres)\n");
    return AN_MOVE_REFUSED;
  }
  struct an_tenant t;
  if (an_store_tenant_by_id(db, tenant_id, &t) != 1) {
    an_buf_puts(out, "no such tenant\n");
    return AN_MOVE_REFUSED;
  }
  if (an_store_placement_windows_now(db, ctx->now) <= 0) {
    an_buf_puts(out, "no announced maintenance window for the whole service covers now\n");
    return AN_MOVE_REFUSED;
  }
  return 0;
}

int an_placement_move(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                      const char *url, struct an_buf *out)
{
  int rc = preconditions(ctx, db, tenant_id, out);
  if (rc)
    return rc;
  struct an_placement cur;
  if (an_store_placement_get(db, tenant_id, &cur) < 0) {
    an_buf_puts(out, "cannot read the tenant's placement\n");
    return AN_MOVE_FAILED;
  }
  bool to_dedicated = url != NULL;
  bool is_dedicated = !strcmp(cur.state, "dedicated") || !strcmp(cur.state, "to_shared");
  if (to_dedicated ? is_dedicated : !strcmp(cur.state, "shared")) {
    an_buf_printf(out, "the tenant is %s already (or moving there)\n", cur.state);
    an_store_placement_clear(&cur);
    return AN_MOVE_REFUSED;
  }
  if (!to_dedicated && !strcmp(cur.state, "to_dedicated")) {
    /* an interrupted move out: every row is still in the shared database; only undo the state */
    struct move m = {ctx, db, NULL, tenant_id, false, NULL, cur.label, out};
    rc = set_state(&m, "shared", NULL, an_time_now_us() + settle_us(ctx->cfg),
                   "tenant.placement.abort", "success");
    an_store_placement_clear(&cur);
    an_buf_puts(out, rc < 0 ? "cannot write the placement\n" : "the move out was undone\n");
    return rc < 0 ? AN_MOVE_FAILED : 0;
  }
  const char *target = to_dedicated ? url : cur.conninfo;
  struct move m = {ctx, db, NULL, tenant_id, to_dedicated, target, "", out};
  char label[256];
  snprintf(label, sizeof label, "%s", cur.label);
  rc = AN_MOVE_FAILED;
  if (!target || !(m.other = an_store_placement_open(ctx->cfg, target, out))) {
    an_buf_puts(out, "\ncannot open the tenant's database\n");
  } else {
    char err[512] = "";
    if (to_dedicated && an_store_migrate(m.other, err, sizeof err) < 0) {
      an_buf_printf(out, "cannot prepare the tenant's database: %s\n", err);
    } else {
      if (to_dedicated)
        an_store_placement_label(target, label, sizeof label);
      m.label = label;
      rc = run(&m, to_dedicated ? "to_dedicated" : "to_shared");
    }
    an_db_close(m.other);
  }
  an_store_placement_clear(&cur);
  return rc;
}

/* RFC 3339 of us, or JSON null for 0. */
static json_t *when(int64_t us)
{
  char s[40];
  if (us <= 0)
    return json_null();
  an_time_format_utc(us, s, sizeof s);
  return json_string(s);
}

enum an_ec an_placement_show(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                             json_t **out)
{
  *out = NULL;
  struct an_tenant t;
  if (!an_scope_is_operator(ctx) || tenant_id <= 0)
    return AN_EC_GENERIC_NOT_FOUND;
  int rc = an_store_tenant_by_id(db, tenant_id, &t);
  if (rc <= 0)
    return an_ec_of_read(rc);
  struct an_placement_info p;
  if (an_store_placement_info(db, tenant_id, &p) < 0)
    return AN_EC_GENERIC_INTERNAL;
  bool dedicated = !strcmp(p.state, "dedicated") || !strcmp(p.state, "to_shared");
  bool moving = !strcmp(p.state, "to_dedicated") || !strcmp(p.state, "to_shared");
  int64_t now = ctx->now;
  *out = json_pack("{s:I, s:s, s:s, s:b, s:s, s:o, s:o, s:s}", "tenant_id", (json_int_t)tenant_id,
                   "model", dedicated ? "dedicated" : "shared", "state", p.state, "moving", moving,
                   "label", dedicated || moving ? p.label : "", "since", when(p.changed_at),
                   "writable_from", when(p.writable_from > now ? p.writable_from : 0), "backend",
                   an_db_is_postgres(db) ? "postgres" : "sqlite");
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}
