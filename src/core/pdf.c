#include "core/pdf.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
  int *failed = user;
  (void)error_no;
  (void)detail_no;
  *failed = 1;
}

bool an_pdf_open(struct an_pdf *p, char *err, size_t errlen)
{
  p->failed = 0;
  p->font = NULL;
  p->doc = HPDF_New(on_error, &p->failed);
  if (!p->doc) {
    snprintf(err, errlen, "cannot start a PDF");
    return false;
  }
  HPDF_UseUTFEncodings(p->doc);
  HPDF_SetCurrentEncoder(p->doc, "UTF-8");
  const char *font_name = HPDF_LoadTTFontFromFile(p->doc, AN_PDF_FONT_FILE, HPDF_TRUE);
  if (font_name)
    p->font = HPDF_GetFont(p->doc, font_name, "UTF-8");
  if (p->failed || !p->font) {
    snprintf(err, errlen, "cannot load the Japanese font %s (fonts-ipaexfont-gothic)",
             AN_PDF_FONT_FILE);
    an_pdf_free(p);
    return false;
  }
  return true;
}

bool an_pdf_save(struct an_pdf *p, unsigned char **bytes, size_t *len)
{
  *bytes = NULL;
  *len = 0;
  HPDF_SaveToStream(p->doc);
  HPDF_UINT32 size = HPDF_GetStreamSize(p->doc);
  unsigned char *b = an_calloc((size_t)size + 1);
  HPDF_UINT32 got = size;
  HPDF_ReadFromStream(p->doc, b, &got);
  bool ok = !p->failed && got == size && size > 0;
  an_pdf_free(p);
  if (!ok) {
    free(b);
    return false;
  }
  *bytes = b;
  *len = size;
  return true;
}

void an_pdf_free(struct an_pdf *p)
{
  if (p->doc)
    HPDF_Free(p->doc);
  p->doc = NULL;
  p->font = NULL;
}

HPDF_Page an_pdf_page_a4(struct an_pdf *p)
{
  HPDF_Page page = HPDF_AddPage(p->doc);
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  return page;
}

void an_pdf_text_at(struct an_pdf *p, HPDF_Page page, float x, float y, float size, int align,
                    float max, const char *s)
{
  HPDF_Page_SetFontAndSize(page, p->font, size);
  float w = HPDF_Page_TextWidth(page, s);
  while (max > 0 && w > max && size > 6) {
    size -= 0.5f;
    HPDF_Page_SetFontAndSize(page, p->font, size);
    w = HPDF_Page_TextWidth(page, s);
  }
  HPDF_Page_BeginText(page);
  HPDF_Page_TextOut(page, align ? x - w : x, y, s);
  HPDF_Page_EndText(page);
}
