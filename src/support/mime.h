/* Inbound mail as the support desk reads it (issue 13 item 2): one RFC 5322 message parsed with
 * GMime (MIME structure, transfer encodings, charsets such as ISO-2022-JP and Shift_JIS, RFC
 * 2047 headers), its text (text/plain preferred; HTML reduced to safe plain text with libxml2's
 * HTML parser: no markup, no scripts or styles, no links followed) and its attachments. */
#ifndef AN_SUPPORT_MIME_H
#define AN_SUPPORT_MIME_H
#include <stdbool.h>
#include <stddef.h>

struct an_mail_part {
  char *filename;     /* UTF-8, "" when none */
  char *content_type; /* "image/png" */
  unsigned char *data;
  size_t len;
};

struct an_mail_in {
  char *from_addr; /* lower-case address, "" when none */
  char *from_name; /* UTF-8 display name, "" when none */
  char *subject;   /* UTF-8, "" when none */
  char *message_id;
  char *text; /* UTF-8 plain text of the body */
  struct an_mail_part *parts;
  size_t nparts;
};

/* Parses raw (len bytes). False when it is not a message at all; out is then empty. Free with
 * an_mail_in_free either way. */
bool an_mail_parse(const char *raw, size_t len, struct an_mail_in *out);
void an_mail_in_free(struct an_mail_in *m);
/* The plain text of an HTML document (UTF-8 unless it says otherwise): text content only, script
 * and style dropped, a line break after block elements, runs of blank lines collapsed. Heap
 * string, never NULL. */
char *an_html_to_text(const char *html, size_t len);

#endif
