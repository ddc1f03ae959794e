/* An entity's columns written once: the field table of its spec (core/spec.h) and the column list
 * of its SELECT both come from one X-macro list, so a column's name, type and SQL expression
 * stand in one place and the spec and the query cannot disagree.
 *
 * The list is a macro NAME_COLS(F, N) of F(member, kind, "expr") for the first column and
 * N(member, kind, "expr") for each after it; member is the struct's field and the column's alias,
 * kind one of I (integer), T (text), B (boolean), TM (time), with a 0 (I0, T0, TM0) where the
 * value may be NULL or left out:
 *
 *   #define T struct an_payment
 *   AN_COL_SPEC(, an_payment_spec, PAYMENT_COLS);
 *   #undef T
 *   #define PAYMENT_SELECT "SELECT " PAYMENT_COLS(AN_COL_SQL1, AN_COL_SQL) " FROM payments p "
 *
 * AN_COL_FIELD describes a member of the struct T defined where the table is written. The SQL is
 * one string literal, of static storage as the statement caches want (store/db.h). */
#ifndef AN_STORE_COLUMNS_H
#define AN_STORE_COLUMNS_H
#include "core/spec.h"

#define AN_COL_KIND_I AN_F_INT, false
#define AN_COL_KIND_I0 AN_F_INT, true
#define AN_COL_KIND_T AN_F_TEXT, false
#define AN_COL_KIND_T0 AN_F_TEXT, true
#define AN_COL_KIND_B AN_F_BOOL, false
#define AN_COL_KIND_TM AN_F_TIME, false
#define AN_COL_KIND_TM0 AN_F_TIME, true

#define AN_COL_FIELD_(T_, member, ...) AN_FIELD(T_, member, __VA_ARGS__)
/* A column as a field of the spec of struct T. */
#define AN_COL_FIELD(member, kind, expr) AN_COL_FIELD_(T, member, AN_COL_KIND_##kind),
/* The first column of a SELECT list, and each after it. */
#define AN_COL_SQL1(member, kind, expr) expr " AS " #member
#define AN_COL_SQL(member, kind, expr) ", " expr " AS " #member

/* Defines spec, the spec (core/spec.h) of struct T read by the column list LIST, with its null
 * bitmask in the member nulls: its field table spec##_fields and the spec over it. storage is
 * static for a spec of the file's own, nothing for an exported one. T is written as it stands, so
 * the spec's name is "T" as with AN_SPEC(T, ...) written by hand. */
#define AN_COL_SPEC(storage, spec, LIST)                                                           \
  static const struct an_field spec##_fields[] = {LIST(AN_COL_FIELD, AN_COL_FIELD)};               \
  storage const struct an_spec spec = AN_SPEC(T, spec##_fields, nulls)

#endif
