/* The safety-mark scorer (seed 004, MARK-*): answers per review item in, the verdict of a renewal
 * or a first application out, exactly by the rule of the catalog (catalogs/mark.json): every
 * mandatory item met, at least points_min points, and none of the items that fail at 0 (7-1-1,
 * 7-1-2, 7-1-3) at 0. No I/O.
 *
 * Reasons come out twice: as stable codes with the item (for programs) and as sentences from
 * core/messages.def in Japanese or English (for people), so a caller never parses a sentence and
 * a person never reads a code. */
#ifndef AN_COMPLIANCE_SCORE_H
#define AN_COMPLIANCE_SCORE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "compliance/catalog.h"

/* An answer value: no answer (counts as not met / 0 points). */
#define AN_SCORE_UNANSWERED (-1)

enum an_score_reason_code {
  AN_SCORE_MANDATORY_NOT_MET, /* item: a mandatory item not met */
  AN_SCORE_POINTS_SHORT,      /* fewer points than the rule's minimum */
  AN_SCORE_ZERO_POINTS,       /* item: an item that fails the application at 0 points */
};

struct an_score_reason {
  enum an_score_reason_code code;
  const char *item; /* the item's id (catalog string); NULL for AN_SCORE_POINTS_SHORT */
};

struct an_mark_result {
  enum an_cat_app app;
  int mandatory_met, mandatory_total;
  int points, points_max, points_min;
  bool pass;
  struct an_score_reason *reasons; /* in item order, the points shortfall after the items */
  size_t n_reasons;
};

/* Scores answers against mark (the "mark" catalog) for app. answers holds one value per item of
 * mark->items, same index: AN_SCORE_UNANSWERED, or for a mandatory or fixed-points item 0 (not
 * met) or 1 (met), for a range item the points 0..max. Items outside app are ignored. Fills out
 * (free with an_mark_result_free) and returns true; false, out untouched, when a value is out of
 * range (an_mark_answers_from_json never gives one) or memory runs out. */
bool an_mark_score(const struct an_catalog *mark, enum an_cat_app app, const int *answers,
                   struct an_mark_result *out);
void an_mark_result_free(struct an_mark_result *r);

/* Reads an answers object {"3-1-7": 4, "1-1-1": true, ...} into answers (mark->n_items values,
 * AN_SCORE_UNANSWERED where absent or null): true/false for mandatory and fixed-points items, an
 * integer 0..max for range items. Returns NULL on success, else a malloc'd English sentence that
 * names the item: not an object, an item mark does not have, a value of the wrong type or out of
 * range. */
char *an_mark_answers_from_json(const struct an_catalog *mark, enum an_cat_app app, json_t *obj,
                                int *answers);

/* "mandatory_not_met", "points_below_minimum" or "zero_points". */
const char *an_score_reason_code_name(enum an_score_reason_code code);

/* The reason as a sentence in lang ("en", else Japanese), from core/messages.def
 * (compliance.mark.*); malloc'd, NULL when out of memory. */
char *an_mark_reason_text(const struct an_mark_result *r, const struct an_score_reason *reason,
                          const char *lang);

/* The result as {"application", "mandatory_met", "mandatory_total", "points", "points_max",
 * "points_min", "pass", "reasons": [sentences in lang], "reason_codes": [{"code", "item"}]};
 * NULL when out of memory. */
json_t *an_mark_result_json(const struct an_mark_result *r, const char *lang);

#endif
