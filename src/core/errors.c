#include "core/errors.h"

static const struct an_ec_info table[] = {
#define AN_EC(name, status, slug, title, ja, en) {"AN_EC_" #name, status, slug, title, ja, en},
#include "core/errors.def"
#undef AN_EC
};

const struct an_ec_info *an_ec_info(enum an_ec ec)
{
  if ((unsigned)ec >= AN_EC__COUNT)
    return &table[AN_EC_GENERIC_INTERNAL];
  return &table[ec];
}

enum an_ec an_ec_of_read(int rc)
{
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return rc == 0 ? AN_EC_GENERIC_NOT_FOUND : AN_EC_OK;
}
