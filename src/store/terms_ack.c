#include "store/terms_ack.h"

#include "store/query.h"
#include "store/rows.h"

int an_store_terms_ack_pending(struct an_db *db, int64_t tenant_id, const char *today, json_t **out)
{
  static const char SQL[] =
      "SELECT d.id, d.version, d.title, d.effective_on FROM documents d "
      "WHERE d.kind = 'terms' AND d.material = 1 AND d.effective_on <= $2 "
      "AND EXISTS (SELECT 1 FROM contracts c JOIN documents a ON a.id = c.terms_document_id "
      "WHERE c.tenant_id = $1 AND a.version < d.version) "
      "AND NOT EXISTS (SELECT 1 FROM terms_acknowledgements k WHERE k.tenant_id = $1 "
      "AND k.document_id = d.id) ORDER BY d.version DESC LIMIT 1";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_TEXT(today)};
  *out = NULL;
  return an_store_scoped(tenant_id, __func__) ? an_store_row(db, SQL, p, 2, out) : 0;
}

int an_store_terms_ack_insert(struct an_db *db, int64_t tenant_id, int64_t document_id,
                              const char *today, int64_t user_id, const char *ip, int64_t now)
{
  static const char SQL[] =
      "INSERT INTO terms_acknowledgements (tenant_id, document_id, user_id, ip, created_at) "
      "SELECT $1, d.id, $4, $5, $6 FROM documents d WHERE d.id = $2 AND d.kind = 'terms' "
      "AND d.material = 1 AND d.effective_on <= $3 ON CONFLICT (tenant_id, document_id) "
      "DO NOTHING";
  return an_store_scoped(tenant_id, __func__)
             ? an_db_query(db, SQL,
                           AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(document_id), AN_P_TEXT(today),
                                   AN_P_INT(user_id), AN_P_TEXT(ip), AN_P_INT(now)),
                           NULL, NULL)
             : 0;
}
