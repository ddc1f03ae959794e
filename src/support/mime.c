#include "support/mime.h"

#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "notify/mime_out.h"

static char *dup_or_empty(const char *s)
{
  return an_strdup(s ? s : "");
}

/* --- HTML to text ---------------------------------------------------------------------------- */

static bool is_block(const char *name)
{
  static const char *const blocks[] = {"p",       "div",    "br",         "li",  "tr", "h1",
                                       "h2",      "h3",     "h4",         "h5",  "h6", "ul",
                                       "ol",      "table",  "blockquote", "pre", "hr", "section",
                                       "article", "header", "footer"};
  for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
    if (!strcasecmp(name, blocks[i]))
      return true;
  return false;
}

static void walk(xmlNode *n, struct an_buf *b)
{
  for (; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content)
        an_buf_puts(b, (const char *)n->content);
    } else if (n->type == XML_ELEMENT_NODE) {
      const char *name = (const char *)n->name;
      if (!strcasecmp(name, "script") || !strcasecmp(name, "style") || !strcasecmp(name, "head") ||
          !strcasecmp(name, "template"))
        continue;
      walk(n->children, b);
      if (is_block(name))
        an_buf_puts(b, "\n");
    }
  }
}

/* Trims each line's trailing spaces and keeps at most one blank line in a row. */
static char *tidy(const char *s)
{
  struct an_buf out = {0};
  int blank = 0;
  while (*s) {
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    size_t end = n;
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
      end--;
    size_t start = 0;
    while (start < end && (s[start] == ' ' || s[start] == '\t'))
      start++;
    if (start == end) {
      if (out.len && !blank)
        an_buf_puts(&out, "\n");
      blank = 1;
    } else {
      an_buf_append(&out, s + start, end - start);
      an_buf_puts(&out, "\n");
      blank = 0;
    }
    s += n + (nl ? 1 : 0);
  }
  while (out.len && out.data[out.len - 1] == '\n')
    out.data[--out.len] = '\0';
  return out.data ? an_buf_steal(&out) : an_strdup("");
}

char *an_html_to_text(const char *html, size_t len)
{
  an_mime_start(); /* GMime and libxml2, once per process */
  htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                      HTML_PARSE_RECOVER);
  struct an_buf b = {0};
  if (doc)
    walk(xmlDocGetRootElement(doc), &b);
  xmlFreeDoc(doc);
  char *out = tidy(b.data ? b.data : "");
  an_buf_free(&b);
  return out;
}

/* --- messages -------------------------------------------------------------------------------- */

/* The decoded content of a leaf part as bytes (charset left as it is). */
static unsigned char *part_bytes(GMimePart *part, size_t *len)
{
  GMimeDataWrapper *w = g_mime_part_get_content(part);
  *len = 0;
  if (!w)
    return NULL;
  GMimeStream *mem = g_mime_stream_mem_new();
  g_mime_data_wrapper_write_to_stream(w, mem);
  GByteArray *arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
  unsigned char *out = an_calloc(arr->len + 1);
  memcpy(out, arr->data, arr->len);
  out[arr->len] = 0;
  *len = arr->len;
  g_object_unref(mem);
  return out;
}

/* The text of a text part converted to UTF-8 from its charset. */
static char *part_text(GMimePart *part)
{
  GMimeDataWrapper *w = g_mime_part_get_content(part);
  if (!w)
    return an_strdup("");
  GMimeStream *mem = g_mime_stream_mem_new();
  GMimeStream *filtered = g_mime_stream_filter_new(mem);
  const char *charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
  if (charset && g_ascii_strcasecmp(charset, "utf-8")) {
    GMimeFilter *f = g_mime_filter_charset_new(charset, "UTF-8");
    if (f) {
      g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), f);
      g_object_unref(f);
    }
  }
  g_mime_data_wrapper_write_to_stream(w, filtered);
  g_mime_stream_flush(filtered);
  GByteArray *arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
  char *out = an_calloc(arr->len + 1);
  memcpy(out, arr->data, arr->len);
  out[arr->len] = '\0';
  g_object_unref(filtered);
  g_object_unref(mem);
  return out;
}

struct collect {
  struct an_mail_in *m;
  char *plain, *html;
};

static void visit(GMimeObject *parent, GMimeObject *obj, gpointer data)
{
  (void)parent;
  struct collect *c = data;
  if (!GMIME_IS_PART(obj))
    return;
  GMimePart *part = GMIME_PART(obj);
  GMimeContentType *ct = g_mime_object_get_content_type(obj);
  const char *filename = g_mime_part_get_filename(part);
  bool attachment = g_mime_part_is_attachment(part) || filename;
  if (!attachment && g_mime_content_type_is_type(ct, "text", "plain") && !c->plain) {
    c->plain = part_text(part);
    return;
  }
  if (!attachment && g_mime_content_type_is_type(ct, "text", "html") && !c->html) {
    char *html = part_text(part);
    c->html = an_html_to_text(html, strlen(html));
    free(html);
    return;
  }
  struct an_mail_in *m = c->m;
  m->parts = an_realloc(m->parts, (m->nparts + 1) * sizeof *m->parts);
  struct an_mail_part *p = &m->parts[m->nparts++];
  char *mime = g_mime_content_type_get_mime_type(ct);
  p->content_type = dup_or_empty(mime);
  g_free(mime);
  p->filename = dup_or_empty(filename);
  p->data = part_bytes(part, &p->len);
}

static void from_of(GMimeMessage *msg, struct an_mail_in *out)
{
  InternetAddressList *list = g_mime_message_get_from(msg);
  InternetAddress *a = list && internet_address_list_length(list) > 0
                           ? internet_address_list_get_address(list, 0)
                           : NULL;
  if (a && INTERNET_ADDRESS_IS_MAILBOX(a)) {
    out->from_addr = dup_or_empty(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
    for (char *p = out->from_addr; *p; p++)
      if (*p >= 'A' && *p <= 'Z')
        *p = (char)(*p + 32);
    out->from_name = dup_or_empty(internet_address_get_name(a));
  } else {
    out->from_addr = an_strdup("");
    out->from_name = an_strdup("");
  }
}

bool an_mail_parse(const char *raw, size_t len, struct an_mail_in *out)
{
  an_mime_start(); /* GMime and libxml2, once per process */
  memset(out, 0, sizeof *out);
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer(raw, len);
  GMimeParser *parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
  g_object_unref(parser);
  g_object_unref(stream);
  if (!msg)
    return false;
  from_of(msg, out);
  out->subject = dup_or_empty(g_mime_message_get_subject(msg));
  out->message_id = dup_or_empty(g_mime_message_get_message_id(msg));
  struct collect c = {out, NULL, NULL};
  GMimeObject *body = g_mime_message_get_mime_part(msg);
  if (body && GMIME_IS_MULTIPART(body))
    g_mime_multipart_foreach(GMIME_MULTIPART(body), visit, &c);
  else if (body)
    visit(NULL, body, &c);
  out->text = c.plain ? c.plain : c.html ? c.html : an_strdup("");
  if (c.plain)
    free(c.html);
  g_object_unref(msg);
  return true;
}

void an_mail_in_free(struct an_mail_in *m)
{
  free(m->from_addr);
  free(m->from_name);
  free(m->subject);
  free(m->message_id);
  free(m->text);
  for (size_t i = 0; i < m->nparts; i++) {
    free(m->parts[i].filename);
    free(m->parts[i].content_type);
    free(m->parts[i].data);
  }
  free(m->parts);
  memset(m, 0, sizeof *m);
}
