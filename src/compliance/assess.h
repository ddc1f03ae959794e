/* The live self-assessment (issue 16 items 4, 5): every item of the four catalogs scored from
 * the live statuses of its requirement IDs (checks and attestations, compliance/history.h) and
 * from attestations that name the item itself ("mark:5-1-2", "checksheet:6-25"), rolled up per
 * section and per catalog, the safety-mark verdict for both applications computed with the
 * scorer, what to do next for every failing item, and the outputs: JSON, the answer sheets as CSV
 * in the seeds' own layout, and NIST OSCAL assessment-results for the automatic checks.
 *
 * An item is compliant when all its assessable requirements are, not_applicable when all of them
 * are, partial when some are compliant (or partial) and some not, non_compliant when none is,
 * and unassessed when no requirement of it has a status and no attestation names the item.
 * Everything reads the statuses of the last evaluation (the schedule, or on demand). Operator
 * scope only (AN_EC_GENERIC_NOT_FOUND otherwise). */
#ifndef AN_COMPLIANCE_ASSESS_H
#define AN_COMPLIANCE_ASSESS_H
#include <jansson.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* {"evaluated_at", "catalogs": [{id, title, title_en, items, counts: {compliant, partial,
 * non_compliant, not_applicable, unassessed}, verdict (mark only: {renewal, first}, each the
 * scorer's result with reasons in lang)}]}. */
enum an_ec an_assess_catalogs(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                              json_t **out);
/* One catalog in full: {id, title, title_en, evaluated_at, counts, verdict (mark), sections:
 * [{id, title, title_en, counts, items: [{id, text, title_en, kind, status, reason, next_step,
 * requirements: [{requirement, status, source, reason, evidence, since}], answer (mark)}]}]}.
 * AN_EC_GENERIC_NOT_FOUND for an unknown id. */
enum an_ec an_assess_catalog(const struct an_ctx *ctx, struct an_db *db, const char *id,
                             const char *lang, json_t **out);
/* The catalog's answer sheet as CSV into out (UTF-8 with BOM, CRLF, every cell formula-safe):
 * checksheet: 項番 / 確認事項 / 実施有無 / 事業者回答 (seed 001); mark: the 審査項目回答書 with
 * 項番 / 審査項目 / 区分 / 回答 (□/■) / 点数 and the verdict rows; whitepaper and sla: a plain
 * list. AN_EC_GENERIC_NOT_FOUND for an unknown id. */
enum an_ec an_assess_csv(const struct an_ctx *ctx, struct an_db *db, const char *id,
                         const char *lang, struct an_buf *out);
/* NIST OSCAL (1.1.2) assessment-results for the automatic checks: one observation per check
 * with its evidence, one finding per requirement (satisfied / not-satisfied). */
enum an_ec an_assess_oscal(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* The public trust page's facts, for anyone (no scope needed): {"published": false} unless
 * [compliance] trust_page is on; then {"published": true, "evaluated_at", "passing", "total",
 * "checks": [{requirement, status, since}]} for the automatic checks only, without reasons or
 * evidence. */
enum an_ec an_assess_trust(const struct an_ctx *ctx, struct an_db *db, json_t **out);

#endif
