#include "core/cores.h"

#include <unistd.h>

long an_cores_or(long n)
{
  if (n > 0)
    return n;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  return cores > 0 ? cores : 1;
}
