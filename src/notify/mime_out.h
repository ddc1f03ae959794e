/* Building a multipart/mixed body for a mail with files (GMime): the text as its first part,
 * then each file, base64, with its name in the Content-Disposition and Content-Type parameters
 * (RFC 2231 encoded when it is not ASCII, so a Japanese file name reaches the recipient). */
#ifndef AN_NOTIFY_MIME_OUT_H
#define AN_NOTIFY_MIME_OUT_H
#include <stddef.h>

/* A file to attach; borrowed. */
struct an_mime_file {
  const char *filename;     /* UTF-8 */
  const char *content_type; /* "type/subtype" */
  const unsigned char *data;
  size_t size;
};

/* Initialises GMime once per process (thread-safe); every user of GMime calls it first. */
void an_mime_start(void);

/* Returns the multipart/mixed entity (malloc'd): its Content-Type header, a blank line and the
 * parts, lines ending in CRLF. text (UTF-8) becomes a text/plain part in base64 with its line
 * ends made CRLF. NULL when out of memory or when a content type is not "type/subtype". */
char *an_mime_mixed(const char *text, const struct an_mime_file *files, size_t n);

#endif
