#include "mfa/qr.h"

#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

#define QUIET 4  /* modules of white border the QR specification asks for */
#define PX_PER 4 /* default rendered pixels per module; CSS may scale the image */
#define SVG_PREFIX "data:image/svg+xml;base64,"

/* Appends one unit square per dark module (bit 0 of each module byte). */
static void put_modules(struct an_buf *b, const QRcode *qr)
{
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        an_buf_printf(b, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
}

char *an_qr_svg(const char *text)
{
  if (text == NULL || text[0] == '\0')
    return NULL;
  QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    return NULL;
  int size = qr->width + 2 * QUIET;
  struct an_buf b = {0};
  an_buf_printf(&b,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
                "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                size * PX_PER, size * PX_PER, size, size, size, size);
  put_modules(&b, qr);
  an_buf_puts(&b, "\"/></svg>");
  QRcode_free(qr);
  return an_buf_steal(&b);
}

char *an_qr_svg_data_uri(const char *text)
{
  char *svg = an_qr_svg(text);
  if (svg == NULL)
    return NULL;
  size_t n = strlen(svg), plen = strlen(SVG_PREFIX);
  size_t b64 = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
  char *uri = an_calloc(plen + b64);
  memcpy(uri, SVG_PREFIX, plen);
  sodium_bin2base64(uri + plen, b64, (const unsigned char *)svg, n, sodium_base64_VARIANT_ORIGINAL);
  free(svg);
  return uri;
}
