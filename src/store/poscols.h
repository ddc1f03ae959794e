/* Rows read by position into structs of fixed-size fields (staff, users, sessions, API tokens),
 * their columns written once: the SELECT list and the reader both come from one X-macro list, so
 * a column's place in the query and the field it is read into cannot disagree.
 *
 * The list is a macro NAME_COLS(F, N) of F(kind, member) for the first column and N(kind, member)
 * for each after it, in the SELECT's order, each column named as its member. kind: I integer,
 * B boolean (non-zero), T text cut to its field (AN_ROW_TEXT, store/query.h), H a 32-byte hash
 * (an_store_hash_into), S sealed text, handed as stored to the reader's own
 * OPEN_SEALED(member, stored) (store/seal.h: only the reader knows the table and the tenant):
 *
 *   #define COLS NAME_COLS(AN_POS_NAME1, AN_POS_NAME)
 *   AN_POS_READERS(struct an_x, NAME_COLS)
 *
 * AN_POS_READ reads column col of row into o->member and moves col on: the reader's parameters
 * are named row and o, its counter col. */
#ifndef AN_STORE_POSCOLS_H
#define AN_STORE_POSCOLS_H
#include "store/query.h"

/* The first column of the SELECT list, and each after it. */
#define AN_POS_NAME1(kind, member) #member
#define AN_POS_NAME(kind, member) ", " #member

#define AN_POS_READ(kind, member) AN_POS_READ_##kind(member)
#define AN_POS_READ_I(m) o->m = an_db_row_int(row, col++);
#define AN_POS_READ_B(m) o->m = an_db_row_int(row, col++) != 0;
#define AN_POS_READ_T(m) AN_ROW_TEXT(row, col++, o->m);
#define AN_POS_READ_H(m) an_store_hash_into(row, col++, o->m, sizeof o->m);
#define AN_POS_READ_S(m) OPEN_SEALED(m, an_db_row_text(row, col++));

/* The readers of a record of type read by position from the columns LIST, in the SELECT's order:
 * read_row(row, o) fills *o from a row; read_cb, the row callback whose cls is the record, reads
 * the one row of a statement into it; list_cb (AN_STORE_EACH, store/query.h, with its struct
 * list_ctx) hands each row, read, to a caller's callback. */
#define AN_POS_READERS(type, LIST)                                                                 \
  static void read_row(const struct an_db_row *row, type *o)                                       \
  {                                                                                                \
    int col = 0;                                                                                   \
    LIST(AN_POS_READ, AN_POS_READ)                                                                 \
  }                                                                                                \
  static void read_cb(void *cls, const struct an_db_row *row)                                      \
  {                                                                                                \
    read_row(row, cls);                                                                            \
  }                                                                                                \
  AN_STORE_EACH(list, type, read_row)

#endif
