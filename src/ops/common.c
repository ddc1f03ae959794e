/* What the operations parts share: the change counter of the caches. */
#include <stdatomic.h>

#include "ops/ops.h"

static _Atomic uint64_t generation = 1;

void an_ops_changed(void)
{
  atomic_fetch_add(&generation, 1);
}

uint64_t an_ops_generation(void)
{
  return atomic_load(&generation);
}
