/* relucells.h -- the whole public interface of librelucells. */
#ifndef RELUCELLS_H
#define RELUCELLS_H

#include "relucells/status.h"
#include "relucells/net.h"
#include "relucells/domain.h"
#include "relucells/region.h"
#include "relucells/partition.h"
#include "relucells/export.h"
#include "relucells/bounds.h"
#include "relucells/exact.h"
#include "relucells/graph.h"
#include "relucells/atoms.h"
#include "relucells/lipschitz.h"
#include "relucells/io.h"

#endif
