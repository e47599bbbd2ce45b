#!/bin/sh
# Draw the README's pictures with relucells itself:
#   doc/small2d_refinement.png  the partition of examples/small2d.nnet after
#                               each hidden layer (Heinecke & Hwang, Prop. 3)
#   doc/acasxu_slice.png        the 2D slice x1 = 30000, x2 = 0, x5 = 600 of
#                               ACAS Xu 1_1: regions by advisory (the argmin),
#                               facets by layer, the decision boundary
# Usage: doc/make_pictures.sh [OUTDIR]   (or 'make pictures')
# RELUCELLS names the program (default: the build tree's), ACAS the network
# (default: ../shared/data/acasxu beside the checkout; skipped when absent).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
rc=${RELUCELLS:-$top/relucells}
acas=${ACAS:-$top/../shared/data/acasxu/ACASXU_run2a_1_1_batch_2000.nnet}
out=${1:-$top/doc}

set -x
"$rc" draw --strip --size 1500x520 -o "$out/small2d_refinement.png" \
    "$top/examples/small2d.nnet"
{ set +x; } 2>/dev/null
if [ -f "$acas" ]; then
    set -x
    "$rc" draw --fix 1=30000,2=0,5=600 --color argmin --boundary \
        --input-names rho,theta,psi,v_own,v_int --output-names COC,WL,WR,SL,SR \
        --size 900x680 -o "$out/acasxu_slice.png" "$acas"
else
    echo "skipped doc/acasxu_slice.png: $acas not found" >&2
fi
