#include "core/email.h"

#include <string.h>

bool an_email_valid(const char *addr)
{
  if (!addr)
    return false;
  size_t n = strlen(addr);
  const char *at = strchr(addr, '@');
  if (n == 0 || n > AN_EMAIL_MAX || !at || at == addr || at - addr > 64 || !at[1] ||
      strchr(at + 1, '@'))
    return false;
  for (const unsigned char *p = (const unsigned char *)addr; *p; p++)
    if (*p <= 0x20 || *p == 0x7F || strchr("<>()[],;:\\\"", *p))
      return false;
  return true;
}
