#include "notify/mime_out.h"

#include <gmime/gmime.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void start(void)
{
  g_mime_init();
  xmlInitParser(); /* the support desk reads HTML mail with libxml2 beside GMime */
}

void an_mime_start(void)
{
  pthread_once(&once, start);
}

/* text with its line ends made CRLF (mail's line end, as in the single-part message). */
static char *crlf(const char *text)
{
  struct an_buf b = {0};
  for (const char *p = text; *p; p++) {
    if (*p == '\r' && p[1] == '\n')
      continue;
    if (*p == '\n' || *p == '\r')
      an_buf_puts(&b, "\r\n");
    else
      an_buf_append(&b, p, 1);
  }
  an_buf_puts(&b, "");
  return an_buf_steal(&b);
}

static GMimePart *part_of(const char *type, const char *subtype, const void *data, size_t size)
{
  GMimePart *part = g_mime_part_new_with_type(type, subtype);
  GMimeStream *s = g_mime_stream_mem_new_with_buffer(data, size);
  GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(s, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content(part, w);
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  g_object_unref(w);
  g_object_unref(s);
  return part;
}

static GMimePart *file_part(const struct an_mime_file *f)
{
  const char *slash = strchr(f->content_type, '/');
  if (!slash || slash == f->content_type || !slash[1] || strchr(slash + 1, '/'))
    return NULL;
  char *type = g_strndup(f->content_type, (gsize)(slash - f->content_type));
  GMimePart *part = part_of(type, slash + 1, f->data, f->size);
  g_free(type);
  g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
  g_mime_part_set_filename(part,
                           f->filename); /* Content-Disposition filename and Content-Type name */
  return part;
}

static char *write_out(GMimeObject *obj)
{
  GMimeFormatOptions *opts = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(opts, GMIME_NEWLINE_FORMAT_DOS);
  g_mime_format_options_set_param_encoding_method(opts, GMIME_PARAM_ENCODING_METHOD_RFC2231);
  GMimeStream *mem = g_mime_stream_mem_new();
  char *out = NULL;
  if (g_mime_object_write_to_stream(obj, opts, mem) >= 0) {
    GByteArray *arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    out = malloc(arr->len + 1);
    if (out) {
      memcpy(out, arr->data, arr->len);
      out[arr->len] = '\0';
    }
  }
  g_object_unref(mem);
  g_mime_format_options_free(opts);
  return out;
}

char *an_mime_mixed(const char *text, const struct an_mime_file *files, size_t n)
{
  an_mime_start();
  GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
  char *body = crlf(text ? text : "");
  GMimePart *tp = part_of("text", "plain", body, strlen(body));
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(tp), "charset", "UTF-8");
  g_mime_multipart_add(mixed, GMIME_OBJECT(tp));
  g_object_unref(tp);
  bool ok = true;
  for (size_t i = 0; i < n && ok; i++) {
    GMimePart *fp = file_part(&files[i]);
    ok = fp != NULL;
    if (fp) {
      g_mime_multipart_add(mixed, GMIME_OBJECT(fp));
      g_object_unref(fp);
    }
  }
  char *out = ok ? write_out(GMIME_OBJECT(mixed)) : NULL;
  g_object_unref(mixed);
  free(body);
  return out;
}
