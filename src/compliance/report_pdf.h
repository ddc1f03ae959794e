/* The printable self-assessment report (issue 16 item 5): one A4 PDF in the reader's language
 * built from the same assessment JSON as the page, the CSV and the OSCAL — the operator, when it
 * was evaluated (JST), per checklist the counts per status and per section, the safety-mark
 * verdict of both applications with its reasons, then every failing or unassessed item with its
 * reason and next step. */
#ifndef AN_COMPLIANCE_REPORT_PDF_H
#define AN_COMPLIANCE_REPORT_PDF_H
#include "core/buf.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* Appends the report's PDF bytes to out, in lang ("en", else Japanese). Operator scope only
 * (AN_EC_GENERIC_NOT_FOUND otherwise); AN_EC_GENERIC_INTERNAL when the PDF cannot be built (the
 * Japanese font missing). */
enum an_ec an_assess_report_pdf(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                                struct an_buf *out);

#endif
