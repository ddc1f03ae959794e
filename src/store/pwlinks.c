#include "store/pwlinks.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS "id, subject_kind, subject_id, tenant_id, created_at, expires_at, used_at, revoked_at"

static void one_cb(void *cls, const struct an_db_row *row)
{
  struct an_pwlink *l = cls;
  l->id = an_db_row_int(row, 0);
  snprintf(l->subject_kind, sizeof l->subject_kind, "%s",
           an_db_row_text(row, 1) ? an_db_row_text(row, 1) : "");
  l->subject_id = an_db_row_int(row, 2);
  l->tenant_id = an_db_row_int(row, 3);
  l->created_at = an_db_row_int(row, 4);
  l->expires_at = an_db_row_int(row, 5);
  l->used_at = an_db_row_int(row, 6);
  l->revoked_at = an_db_row_int(row, 7);
}

int an_store_pwlink_revoke_subject(struct an_db *db, const char *kind, int64_t subject_id,
                                   int64_t now)
{
  static const char SQL[] = "UPDATE password_links SET revoked_at = $3 WHERE subject_kind = $1 "
                            "AND subject_id = $2 AND used_at = 0 AND revoked_at = 0";
  return an_db_query(db, SQL, AN_ARGS(AN_P_TEXT(kind), AN_P_INT(subject_id), AN_P_INT(now)), NULL,
                     NULL);
}

int an_store_pwlink_insert(struct an_db *db, const char *token_hash, struct an_pwlink *l)
{
  static const char SQL[] =
      "INSERT INTO password_links (token_hash, subject_kind, subject_id, tenant_id, created_at, "
      "expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_TEXT(token_hash), AN_P_TEXT(l->subject_kind),
                             AN_P_INT(l->subject_id), AN_P_INT(l->tenant_id),
                             AN_P_INT(l->created_at), AN_P_INT(l->expires_at)),
                     an_store_int_cb, &l->id);
}

int an_store_pwlink_by_hash(struct an_db *db, const char *token_hash, struct an_pwlink *out)
{
  static const char SQL[] = "SELECT " COLS " FROM password_links WHERE token_hash = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_TEXT(token_hash)), one_cb, out);
}

int an_store_pwlink_use(struct an_db *db, int64_t id, int64_t now)
{
  static const char SQL[] = "UPDATE password_links SET used_at = $2 WHERE id = $1 AND used_at = 0 "
                            "AND revoked_at = 0";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now)), NULL, NULL);
}

static void heap_text_cb(void *cls, const struct an_db_row *row)
{
  char **out = cls;
  free(*out);
  *out = strdup(an_db_row_text(row, 0) ? an_db_row_text(row, 0) : "");
}

int an_store_staff_email(struct an_db *db, int64_t id, char *out, size_t cap)
{
  static const char SQL[] = "SELECT email FROM staff WHERE id = $1";
  struct an_db_param p[] = {AN_P_INT(id)};
  char *stored = NULL;
  out[0] = 0;
  int rc = an_db_query(db, SQL, p, 1, heap_text_cb, &stored);
  /* Sealed under the operator key (store/seal_fields.h). */
  if (rc > 0 && stored)
    an_store_open_into(out, cap, 0, "staff", 0, "email", stored);
  free(stored);
  return rc;
}

int an_store_staff_set_email(struct an_db *db, int64_t id, const char *email)
{
  static const char SQL[] = "UPDATE staff SET email = $2 WHERE id = $1";
  char *sealed = an_store_seal_for(db, 0, "staff", "email", email);
  if (!sealed)
    return AN_DB_HARD;
  int rc = an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(sealed)), NULL, NULL);
  free(sealed);
  return rc;
}

int an_store_staff_delete(struct an_db *db, int64_t id)
{
  /* Its secrets go with it (second factors, open links); its audit events stay. */
  static const char TOTP[] =
      "DELETE FROM mfa_totp WHERE subject_kind = 'staff' AND subject_id = $1";
  static const char REC[] = "DELETE FROM mfa_recovery WHERE subject_kind = 'staff' AND "
                            "subject_id = $1";
  static const char LINKS[] = "DELETE FROM password_links WHERE subject_kind = 'staff' AND "
                              "subject_id = $1";
  static const char STAFF[] = "DELETE FROM staff WHERE id = $1";
  const char *const steps[] = {TOTP, REC, LINKS, STAFF};
  struct an_db_param p[] = {AN_P_INT(id)};
  int rc = 0;
  for (size_t i = 0; i < sizeof steps / sizeof steps[0] && rc >= 0; i++)
    rc = an_db_query(db, steps[i], p, 1, NULL, NULL);
  return rc;
}

int an_store_staff_count_other_admins(struct an_db *db, int64_t except_id, int64_t *count)
{
  /* roles is a comma-separated list: match "admin" as a whole item. */
  static const char SQL[] = "SELECT COUNT(*) FROM staff WHERE id <> $1 AND status = 'active' AND "
                            "(',' || roles || ',') LIKE '%,admin,%'";
  struct an_db_param p[] = {AN_P_INT(except_id)};
  *count = 0;
  return an_db_query(db, SQL, p, 1, an_store_int_cb, count);
}
