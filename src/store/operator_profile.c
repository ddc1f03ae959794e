#include "store/operator_profile.h"
#include "store/query.h"

#include <stdio.h>
#include <string.h>

static void one_cb(void *cls, const struct an_db_row *row)
{
  struct an_operator_profile *p = cls;
  AN_ROW_TEXT(row, 0, p->legal_name);
  AN_ROW_TEXT(row, 1, p->address);
  AN_ROW_TEXT(row, 2, p->representative);
  AN_ROW_TEXT(row, 3, p->contact);
  AN_ROW_TEXT(row, 4, p->invoice_number);
  p->updated_at = an_db_row_int(row, 5);
}

int an_store_operator_profile_get(struct an_db *db, struct an_operator_profile *out)
{
  static const char SQL[] = "SELECT legal_name, address, representative, contact, "
                            "invoice_number, updated_at FROM operator_profile WHERE id = 1";
  memset(out, 0, sizeof *out);
  return an_db_query(db, SQL, NULL, 0, one_cb, out);
}

int an_store_operator_profile_put(struct an_db *db, const struct an_operator_profile *p)
{
  static const char SQL[] =
      "UPDATE operator_profile SET legal_name = $1, address = $2, representative = $3, "
      "contact = $4, invoice_number = $5, updated_at = $6 WHERE id = 1";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_TEXT(p->legal_name), AN_P_TEXT(p->address),
                             AN_P_TEXT(p->representative), AN_P_TEXT(p->contact),
                             AN_P_TEXT(p->invoice_number), AN_P_INT(p->updated_at)),
                     NULL, NULL);
}
