/* The compliance catalogs: the four checklists the service is assessed against, one JSON file each
 * under catalogs/ (checksheet: METI security checksheet, seed 001; whitepaper: ISO/IEC 27017
 * white paper, seed 002; sla: SLA sheet, seed 003; mark: safety-mark review items and pass rules,
 * seed 004), embedded in the binary at build time and read once.
 *
 * Every item keeps the seed's own number as its id ("6-25", "A.9.2.4", "3-1-7"; the SLA sheet,
 * which numbers nothing, by row "1".."94"), its Japanese text as printed, a short English title,
 * and the requirement IDs (REQUIREMENTS: CHK-, WP-, SLA-, MARK-) of the behaviour that answers it.
 * Everything returned is read-only and lives as long as the process. */
#ifndef AN_COMPLIANCE_CATALOG_H
#define AN_COMPLIANCE_CATALOG_H
#include <stdbool.h>
#include <stddef.h>

/* How an item is answered. check: a question answered yes/no with a statement (001, 002);
 * target: an SLA row with a promised value (003); mandatory, points (fixed points when met) and
 * range (0..max points) are the safety mark's grades (004). */
enum an_cat_kind { AN_CAT_CHECK, AN_CAT_TARGET, AN_CAT_MANDATORY, AN_CAT_POINTS, AN_CAT_RANGE };

/* The two safety-mark applications, whose rules and grades differ (seed 004). */
enum an_cat_app { AN_CAT_RENEWAL, AN_CAT_FIRST, AN_CAT_APP__COUNT };

/* How a safety-mark item counts in one application. */
struct an_cat_grade {
  bool applies;          /* the item is part of this application */
  enum an_cat_kind kind; /* mandatory, points or range */
  int points;            /* points: points when met; range: the most points */
  int min;               /* range: the fewest points of a met answer (3-1-7: 1); else 0 */
};

struct an_cat_item {
  const char *id;      /* the seed's number */
  const char *section; /* id of its an_cat_section */
  const char *text; /* Japanese, as in the seed (確認事項 / question / heading / 規程内容) */
  const char *title_en; /* a short English title */
  enum an_cat_kind kind;
  const char *unit;   /* sla: 測定単位 (may be NULL) */
  const char *target; /* sla: the promised value as printed; else NULL */
  const char *const *requirements;
  size_t n_requirements;
  struct an_cat_grade grade[AN_CAT_APP__COUNT]; /* mark only; zeroed elsewhere */
};

struct an_cat_section {
  const char *id;
  const char *title;    /* Japanese */
  const char *title_en; /* English */
};

/* A safety-mark pass rule: all `mandatory` items met, at least points_min of points_max points,
 * and none of zero_fails at 0 points. */
struct an_cat_rule {
  const char *title; /* 更新審査 / 新規審査 */
  const char *title_en;
  int mandatory;
  int points_max;
  int points_min;
  const char *const *zero_fails;
  size_t n_zero_fails;
};

struct an_catalog {
  const char *id; /* "checksheet", "whitepaper", "sla", "mark" */
  const char *title;
  const char *title_en;
  const struct an_cat_section *sections;
  size_t n_sections;
  const struct an_cat_item *items; /* in the seed's order */
  size_t n_items;
  bool has_rules; /* mark: rules[] hold the pass rules */
  struct an_cat_rule rules[AN_CAT_APP__COUNT];
};

/* The number of catalogs (4), loading them on first use (thread-safe). 0 when the embedded data
 * does not load, which is our bug and is logged: the unit tests load every catalog. Loading also
 * checks the mark rules against the items: the number of mandatory items and the sum of points
 * of each application must equal its rule's. */
size_t an_catalog_count(void);
/* The i-th catalog (i < an_catalog_count()), in the order checksheet, whitepaper, sla, mark. */
const struct an_catalog *an_catalog_at(size_t i);
/* The catalog with that id, NULL when there is none. */
const struct an_catalog *an_catalog_get(const char *id);
/* The item of c with that id, NULL when c has none. */
const struct an_cat_item *an_catalog_item(const struct an_catalog *c, const char *item_id);
/* The index of that item in c->items, -1 when c has none. */
long an_catalog_item_index(const struct an_catalog *c, const char *item_id);

/* "check", "target", "mandatory", "points" or "range". */
const char *an_cat_kind_name(enum an_cat_kind kind);
/* "renewal" or "first" (the keys of mark.json's rules). */
const char *an_cat_app_name(enum an_cat_app app);

#endif
