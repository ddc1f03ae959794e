/* PDF documents with Japanese text (libharu): the deletion certificate (issue 14) and the invoice
 * (issue 17) share the set-up of the Japanese font (IPAex Gothic, fonts-ipaexfont-gothic) with
 * UTF-8 text, and the saving to memory. */
#ifndef AN_CORE_PDF_H
#define AN_CORE_PDF_H
#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#define AN_PDF_FONT_FILE "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"

struct an_pdf {
  HPDF_Doc doc;
  HPDF_Font font; /* the Japanese font, UTF-8 */
  int failed;     /* set by libharu's error handler: the document is unusable */
};

/* Starts a document with the Japanese font loaded (embedded). The struct must stay where it is
 * until an_pdf_save or an_pdf_free (libharu keeps a pointer to failed). false with err set
 * when the document cannot be started or the font is missing. */
bool an_pdf_open(struct an_pdf *p, char *err, size_t errlen);
/* Saves the document into *bytes (malloc'd, *len bytes) and frees it. false when libharu failed
 * at any point. */
bool an_pdf_save(struct an_pdf *p, unsigned char **bytes, size_t *len);
/* Frees a document not saved. */
void an_pdf_free(struct an_pdf *p);

/* Adds an A4 portrait page to p's document. */
HPDF_Page an_pdf_page_a4(struct an_pdf *p);
/* Sets s in p's font on page at x, y; align 0 left, 1 right (x is then the right edge). A text
 * wider than max (> 0) is set smaller, down to 6 pt, rather than run into the next column. */
void an_pdf_text_at(struct an_pdf *p, HPDF_Page page, float x, float y, float size, int align,
                    float max, const char *s);

#endif
