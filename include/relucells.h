/* relucells.h -- the whole public interface of librelucells. */
#ifndef RELUCELLS_H
#define RELUCELLS_H

#include "relucells/status.h"
#include "relucells/net.h"
#include "relucells/domain.h"
#include "relucells/region.h"
#include "relucells/enumerate.h"
#include "relucells/partition.h"
#include "relucells/io.h"
#include "relucells/bounds.h"
#include "relucells/rational.h"
#include "relucells/graph.h"
#include "relucells/atoms.h"
#include "relucells/lipschitz.h"
#include "relucells/boundary.h"
#include "relucells/draw.h"
#include "relucells/mesh.h"
#include "relucells/path.h"
#include "relucells/pathstats.h"
#include "relucells/random.h"
#include "relucells/estimate.h"

#endif
